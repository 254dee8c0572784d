//! /approvals/:id: one held output with what led to it and the touchpoint's
//! guidelines; approve (editing the text if needed) or reject with a reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use model::gate::State;

use crate::{
    api::approvals::{get_held, DecideOutput, HeldView},
    components::findings::{FindingList, MarkedText},
    components::form::{action_error, FieldShell, FormError},
    components::guidelines::Guidelines,
    pages::ErrorNotice,
};

#[component]
pub fn ApprovalPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let decide = ServerAction::<DecideOutput>::new();
    let held = crate::data::load(move || (id(), decide.version().get()), |(id, _)| get_held(id));
    let clock = crate::components::clock::ClockSource::new();
    view! {
        <Title text="Approve or reject"/>
        <p><a href="/approvals">"← Awaiting approval"</a></p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match held.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(h) => view! { <Held h clock decide/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn state_line(h: &HeldView) -> String {
    let by = h.gate.reviewers.join(", then ");
    match h.gate.state {
        State::Approved => format!("Approved by {by}. The tool may send it."),
        State::Rejected => format!("Rejected by {by}: {}", h.gate.reason.clone().unwrap_or_default()),
        State::AwaitingSenior => format!("Approved by {by}. Waiting for a different senior or owner to sign off."),
        State::Pending if h.high_stakes && h.second_signoff => {
            "Waiting for a first approval; a senior or owner then signs off.".into()
        }
        State::Pending => "Waiting for one approval.".into(),
    }
}

#[component]
fn Held(h: HeldView, clock: crate::components::clock::Clock, decide: ServerAction<DecideOutput>) -> impl IntoView {
    let open = matches!(h.gate.state, State::Pending | State::AwaitingSenior);
    view! {
        <h1>{format!("{} · output #{}", h.touchpoint, h.held.id)}</h1>
        <p class=if open { "notice notice-warn" } else { "notice notice-ok" } role="status">{state_line(&h)}</p>
        <FindingList findings=h.findings.clone() clock/>
        <p class="hint">{format!("Waiting {}{}{}.", h.waited,
            h.held.model.as_ref().map(|m| format!(" · made by {m}")).unwrap_or_default(),
            h.held.external_id.as_ref().map(|x| format!(" · the tool's id {x}")).unwrap_or_default())}</p>
        <div class="review-grid">
            <section class="card" aria-labelledby="held-heading">
                <h2 id="held-heading">"What the AI wrote"</h2>
                <MarkedText text=h.held.output.clone() findings=h.findings.clone()/>
                {h.held.input.clone().map(|i| view! { <h3>"What led to it"</h3><div class="ai-text input">{i}</div> })}
                {h.gate.text_to_send.clone().filter(|t| *t != h.held.output).map(|t| view! { <h3>"Text to send (edited)"</h3><div class="ai-text">{plaintext::reveal(&t).into_owned()}</div> })}
            </section>
            {(!h.guidelines.trim().is_empty() || !h.checklist.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="held-guide-heading">
                    <h2 id="held-guide-heading">"What good looks like"</h2>
                    <Guidelines text=h.guidelines.clone()/>
                    <ol class="checklist">{h.checklist.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
                </section>
            })}
        </div>
        {open.then(|| view! { <Decide h=h.clone() decide/> })}
    }
}

#[component]
fn Decide(h: HeldView, decide: ServerAction<DecideOutput>) -> impl IntoView {
    let error = action_error(decide);
    let hidden_characters = h.held.output.chars().any(plaintext::is_hidden);
    view! {
        <FormError error/>
        <div class="cards">
            <section class="card" aria-labelledby="approve-heading">
                <h2 id="approve-heading">"Approve"</h2>
                {match h.cannot_approve.clone() {
                    Some(why) => view! { <p>{why}</p> }.into_any(),
                    None => view! {
                        <ActionForm action=decide attr:class="form" attr:aria-label="Approve">
                            <input type="hidden" name="id" value=h.held.id/>
                            <input type="hidden" name="decision" value="approve"/>
                            <input type="hidden" name="reason" value=""/>
                            <FieldShell label="Text to send" id="edited-text".into() field="edited_text" error
                                hint="Change it here if it needs a fix; the tool then sends your version.">
                                <textarea id="edited-text" name="edited_text" rows="6">{h.held.output.clone()}</textarea>
                            </FieldShell>
                            {hidden_characters.then(|| view! {
                                <p class="notice notice-warn" role="note">
                                    "This text has hidden characters (shown above as [U+…]). They are still in the box, invisible: remove them there before you approve, unless you know why they are there."
                                </p>
                            })}
                            <button type="submit" class="button primary">"Approve"</button>
                        </ActionForm>
                    }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="reject-heading">
                <h2 id="reject-heading">"Reject"</h2>
                <ActionForm action=decide attr:class="form" attr:aria-label="Reject">
                    <input type="hidden" name="id" value=h.held.id/>
                    <input type="hidden" name="decision" value="reject"/>
                    <input type="hidden" name="edited_text" value=""/>
                    <FieldShell label="Why is it rejected?" id="reject-reason".into() field="reason" error
                        hint="The tool's owner sees this, so they can fix the cause.">
                        <textarea id="reject-reason" name="reason" rows="2"></textarea>
                    </FieldShell>
                    <button type="submit" class="button danger">"Reject"</button>
                </ActionForm>
            </section>
        </div>
    }
}
