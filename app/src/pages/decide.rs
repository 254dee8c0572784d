//! /decide?t=…: the confirmation page behind an Approve or Reject button
//! of the sign-off email. Opening it decides nothing (a mail scanner or a
//! link preview may open it); only its button does, with a POST. A link
//! that cannot be used says why in plain words and points to the approvals.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::decision_links::{get_decision_link, DecisionLink, LinkState, UseDecisionLink},
    components::{
        findings::{FindingList, MarkedText},
        form::{action_error, FieldShell, FormError},
    },
    pages::ErrorNotice,
};

#[component]
pub fn DecidePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("t").unwrap_or_default());
    let link = crate::data::load(token, get_decision_link);
    let decide = ServerAction::<UseDecisionLink>::new();
    let clock = crate::components::clock::ClockSource::new();
    view! {
        <Title text="Confirm your decision"/>
        <section class="narrow">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let clock = clock.get().await;
                    match link.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(l) => view! { <Confirm l clock token=token() decide/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Confirm(
    l: DecisionLink,
    clock: crate::components::clock::Clock,
    token: String,
    decide: ServerAction<UseDecisionLink>,
) -> impl IntoView {
    let error = action_error(decide);
    let done = move || decide.value().get().and_then(|r| r.ok());
    let why_not = match l.state {
        LinkState::Ready => None,
        LinkState::Used => Some("This link has already been used: each one decides once."),
        LinkState::Expired => Some("This link has expired."),
        LinkState::Unknown => Some("This is not a link Second Look sent, or your mail program cut it short."),
    };
    if let Some(why) = why_not {
        return view! {
            <h1>"This link cannot decide"</h1>
            <p class="notice notice-error" role="alert">{why}</p>
            <p><a href="/approvals">"Open the approvals page"</a>" (you may need to log in) to see the output and decide there."</p>
        }
        .into_any();
    }
    let approve = l.decision.as_deref() == Some("approve");
    let heading =
        format!("{} output #{}?", if approve { "Approve" } else { "Reject" }, l.output_id.unwrap_or_default());
    let token = StoredValue::new(token);
    let decided_by_others = l.gate.as_ref().is_some_and(|g| g.decided_at.is_some());
    view! {
        <h1>{heading}</h1>
        <p>{format!("{} · asked of {}", l.touchpoint.clone().unwrap_or_default(), l.person.clone().unwrap_or_default())}</p>
        <p class="hint">{l.rule.clone()}</p>
        {decided_by_others.then(|| {
            let g = l.gate.clone().expect("a gate state");
            view! {
                <p class="notice notice-warn" role="status">
                    {format!("Already decided: {} by {}.", g.state, g.reviewers.join(", "))}
                </p>
            }
        })}
        <FindingList findings=l.findings.clone() clock/>
        <MarkedText text=l.output.clone().unwrap_or_default() findings=l.findings.clone()/>
        {move || match done() {
            Some(state) => view! {
                <p class="notice notice-ok" role="status" data-testid="decided">{format!("Done: the output is now {}.", state.replace('_', " "))}</p>
                <p><a href="/approvals">"Open the approvals page"</a></p>
            }.into_any(),
            None => view! {
                <ActionForm action=decide attr:class="form card" attr:aria-label="Confirm the decision">
                    <FormError error/>
                    <input type="hidden" name="t" value=token.get_value()/>
                    {(!approve).then(|| view! {
                        <FieldShell label="Why is it rejected?" id="decide-reason".into() field="reason" error hint="Required: it tells the tool's owner what to fix.">
                            <textarea id="decide-reason" name="reason" rows="3" required></textarea>
                        </FieldShell>
                    })}
                    <button type="submit" class="button primary" disabled=move || decide.pending().get()>
                        {if approve { "Approve it" } else { "Reject it" }}
                    </button>
                </ActionForm>
                <p class="hint">"Nothing is decided until you press the button. "
                    <a href=format!("/approvals/{}", l.output_id.unwrap_or_default())>"Open it in Second Look instead"</a></p>
            }.into_any(),
        }}
    }
    .into_any()
}
