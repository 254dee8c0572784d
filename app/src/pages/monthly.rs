//! /monthly/:month — the guided monthly review: one touchpoint at a time
//! (its month in numbers and chart, alerts, worst failures, inspection and
//! stage), a decision for each, then a sign-off.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::{
    api::monthly::{get_month_review, DecideMonth, MonthReview, MonthTouchpoint, SignOffMonth},
    components::{
        form::{action_error, FormError},
        lessons::Lessons,
        week_chart::WeekChart,
    },
    pages::{alerts::AlertList, ErrorNotice},
};
use model::monthly::Decision;

#[component]
pub fn MonthlyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let month = move || params.with(|p| p.get("month").unwrap_or_default());
    let chosen = move || query.with(|q| q.get("tp").and_then(|v| v.parse::<i64>().ok()));
    let decide = ServerAction::<DecideMonth>::new();
    let sign = ServerAction::<SignOffMonth>::new();
    let review = crate::data::load(
        move || (month(), decide.version().get(), sign.version().get()),
        |(m, ..)| get_month_review(m),
    );
    let navigate = use_navigate();
    let clock = crate::components::clock::ClockSource::new();
    // After a decision, go on: without a chosen touchpoint the page shows
    // the first one still open (or the sign-off).
    Effect::new(move |_| {
        if let Some(Ok(())) = decide.value().get() {
            navigate(&format!("/monthly/{}", month()), Default::default());
        }
    });
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match review.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(r) => view! { <Review r clock chosen=chosen() decide sign/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Review(
    r: MonthReview,
    clock: crate::components::clock::Clock,
    chosen: Option<i64>,
    decide: ServerAction<DecideMonth>,
    sign: ServerAction<SignOffMonth>,
) -> impl IntoView {
    let decided = r.touchpoints.iter().filter(|t| t.decision.is_some()).count();
    let total = r.touchpoints.len();
    let current = chosen
        .and_then(|id| r.touchpoints.iter().find(|t| t.id == id))
        .or_else(|| r.touchpoints.iter().find(|t| t.decision.is_none()))
        .cloned();
    let month = r.month.clone();
    view! {
        <Title text=format!("Monthly review: {}", r.label)/>
        <h1>{format!("Monthly review: {}", r.label)}</h1>
        {match r.completed.clone() {
            Some((who, at)) => view! { <p class="notice notice-ok" role="status">{format!("Signed off by {who} on {}.", clock.when(at))}</p> }.into_any(),
            None => view! { <p class="lead">"About 15 minutes: look at each AI tool's month, decide what happens next, then sign off."</p> }.into_any(),
        }}
        <p><a href=format!("/monthly/{}/report", r.month) rel="external" data-testid="report-link">"Printable report of this month"</a></p>
        <p role="status" data-testid="month-progress">{format!("{decided} of {total} touchpoints decided")}</p>
        <nav aria-label="Touchpoints in this review" class="month-steps">
            <ol>
                {r.touchpoints.iter().map(|t| {
                    let here = current.as_ref().is_some_and(|c| c.id == t.id);
                    view! {
                        <li>
                            <a href=format!("/monthly/{}?tp={}", r.month, t.id) aria-current=here.then_some("step")>
                                {t.name.clone()}{t.decision.as_ref().map(|(d, ..)| format!(" — {d}"))}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
        {current.filter(|_| r.completed.is_none() || chosen.is_some()).map(|t| view! { <Step t clock=clock.clone() month=month.clone() decide open=r.completed.is_none()/> })}
        {(decided == total && r.completed.is_none()).then(|| view! { <SignOff month=r.month.clone() sign/> })}
    }
}

#[component]
fn Step(
    t: MonthTouchpoint,
    clock: crate::components::clock::Clock,
    month: String,
    decide: ServerAction<DecideMonth>,
    open: bool,
) -> impl IntoView {
    let error = action_error(decide);
    // Until the owner decides, the evidence's suggestion is preselected.
    let selected = t.decision.as_ref().map_or(t.advice.decision, |d| d.0);
    view! {
        <section class="card" aria-labelledby="step-heading">
            <h2 id="step-heading">{t.name.clone()}</h2>
            <p>
                <span class=format!("badge stage-{}", t.stage)>{t.stage.name()}</span>" "
                <span class=format!("badge inspection-{}", t.inspection)>{format!("checks: {}", t.inspection)}</span>
            </p>
            <p><strong>"This month: "</strong>{t.numbers.clone()}
                {t.flagged.clone().map(|f| view! { <br/><span class="hint">{format!("Also {f} (outside the random sample, not in the pass rate).")}</span> })}
            </p>
            <p class="notice advice" data-advice=t.advice.decision.as_str()>
                <strong>{format!("We suggest: {}. ", t.advice.decision.in_words())}</strong>{t.advice.why.clone()}" You decide."
            </p>
            <WeekChart weeks=t.weeks.clone() baseline=None/>
            <h3>"Fact checks"</h3>
            {if t.findings.is_empty() {
                view! { <p class="hint" data-testid="month-findings">"Nothing flagged this month."</p> }.into_any()
            } else {
                view! { <ul data-testid="month-findings">{t.findings.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <h3>"Alerts"</h3>
            {if t.alerts.is_empty() { view! { <p class="hint">"None this month."</p> }.into_any() } else { view! { <AlertList list=t.alerts.clone() clock=clock.clone()/> }.into_any() }}
            <h3>"Latest failures"</h3>
            {if t.failures.is_empty() {
                view! { <p class="hint">"None."</p> }.into_any()
            } else {
                view! { <ul class="failure-list">{t.failures.iter().map(|f| view! {
                    <li><a href=format!("/review/{}", f.item_id)>{f.week.clone()}</a>": "<span class="excerpt">{plaintext::reveal(&f.excerpt).into_owned()}</span></li>
                }).collect_view()}</ul> }.into_any()
            }}
            <Lessons lessons=t.lessons.clone() period="this month" id="month-lessons"/>
            {open.then(|| view! {
                <ActionForm action=decide attr:class="form" attr:aria-label="Decision">
                    <FormError error/>
                    <input type="hidden" name="month" value=month.clone()/>
                    <input type="hidden" name="touchpoint_id" value=t.id/>
                    <fieldset class="checks">
                        <legend>"What happens next?"</legend>
                        {Decision::ALL.iter().map(|d| view! {
                            <label class="check"><input type="radio" name="decision" value=d.as_str() checked=selected == *d/>{d.label()}</label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="decision-note">"Note (optional)"</label>
                        <input id="decision-note" type="text" name="note" maxlength="1000" value=t.decision.as_ref().map(|d| d.1.clone()).unwrap_or_default()/>
                    </div>
                    <button type="submit" class="button primary">"Save and go on"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn SignOff(month: String, sign: ServerAction<SignOffMonth>) -> impl IntoView {
    let error = action_error(sign);
    view! {
        <section class="card" aria-labelledby="signoff-heading">
            <h2 id="signoff-heading">"Sign off"</h2>
            <p>"Every touchpoint has a decision. Signing off records that you completed this month's review."</p>
            <ActionForm action=sign attr:class="form" attr:aria-label="Sign off the review">
                <FormError error/>
                <input type="hidden" name="month" value=month/>
                <div class="field">
                    <label for="signoff-note">"Anything to remember? (optional)"</label>
                    <input id="signoff-note" type="text" name="note" maxlength="1000"/>
                </div>
                <button type="submit" class="button primary">"Sign off the review"</button>
            </ActionForm>
        </section>
    }
}
