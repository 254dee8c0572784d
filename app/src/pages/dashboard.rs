//! The home page: what is waiting for a person right now, and every
//! touchpoint at a glance: stage, how closely it is checked, this week's
//! progress, approvals waiting, the pass rate of the last 12 weeks, alerts.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;
use leptos_meta::Title;

use crate::{
    api::{
        approvals::waiting_work,
        dashboard::{touchpoint_overview, Line},
        monthly::monthly_state,
    },
    components::{layout::SessionResource, week_chart::Sparkline},
};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = expect_context::<SessionResource>();
    let work = crate::data::load(|| (), |_| waiting_work());
    let overview = crate::data::load(|| (), |_| touchpoint_overview());
    let month = crate::data::load(|| (), |_| monthly_state());
    view! {
        <Title text="Dashboard"/>
        <h1>"Dashboard"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let name = session.await.ok().and_then(|s| s.me).map(|m| m.name).unwrap_or_default();
                let w = work.await.unwrap_or_default();
                let month = month.await.ok().flatten();
                view! {
                    <p class="lead">"Hello, " {name} "."</p>
                    <div class="cards">
                        <section class="card">
                            <h2>"Awaiting approval"</h2>
                            <p data-testid="awaiting">{match w.awaiting {
                                0 => "Nothing is waiting for approval.".to_string(),
                                1 => "1 output is waiting for a person's yes.".to_string(),
                                n => format!("{n} outputs are waiting for a person's yes."),
                            }}
                            {(w.overdue > 0).then(|| view! { " " <strong>{format!("{} overdue.", w.overdue)}</strong> })}</p>
                            <a class="button" href="/approvals">"Open approvals"</a>
                        </section>
                        {month.map(|m| view! {
                            <section class="card">
                                <h2>{format!("Monthly review of {}", m.label)}</h2>
                                {match m.completed {
                                    Some(done) => view! { <p data-testid="monthly-state">{format!("Done: {done}.")}</p> }.into_any(),
                                    None => view! {
                                        <p data-testid="monthly-state">"Not done yet. It takes about 15 minutes."</p>
                                        <a class="button" href=format!("/monthly/{}", m.month)>"Start the monthly review"</a>
                                    }.into_any(),
                                }}
                            </section>
                        })}
                        {w.open_alerts.map(|n| view! {
                            <section class="card">
                                <h2>"Alerts"</h2>
                                <p>{if n == 0 { "No open alerts.".to_string() } else { format!("{n} open alert{} to look at.", if n == 1 { "" } else { "s" }) }}</p>
                                <a class="button" href="/alerts">"See alerts"</a>
                            </section>
                        })}
                    </div>
                }
            })}
        </Transition>
        <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">"Your AI touchpoints"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(lines) if !lines.is_empty() => view! { <Overview lines/> }.into_any(),
                        _ => view! {
                            <p>"List every place where AI writes to your customers or runs part of your business. "
                               "Everything else in Second Look hangs on that list."</p>
                            <a class="button" href="/onboarding">"Audit your AI touchpoints"</a>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Overview(lines: Vec<Line>) -> impl IntoView {
    let paused: Vec<Line> = lines.iter().filter(|l| l.paused()).cloned().collect();
    view! {
        {paused.into_iter().map(|l| view! {
            <div class="notice notice-warn paused-notice" role="alert">
                <p><strong><a href=format!("/touchpoints/{}", l.id)>{l.name.clone()}</a>
                    " — Paused: stop using this tool until you have fixed it; we keep checking."</strong></p>
                <p class="hint">{format!(
                    "Its outputs are still sampled, more closely than before ({} waiting for review). Resume it from its page once it is fixed.",
                    l.queue_left
                )}</p>
            </div>
        }).collect_view()}
        <ScrollTable label="Your AI touchpoints">
            <table class="table overview stack">
                <thead><tr>
                    <th scope="col">"Touchpoint"</th><th scope="col">"Stage"</th><th scope="col">"Checks"</th>
                    <th scope="col">"Spot check"</th><th scope="col">"Awaiting approval"</th>
                    <th scope="col">"Passed, last 12 weeks"</th><th scope="col">"Alerts"</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row"><a href=format!("/touchpoints/{}", l.id)>{l.name.clone()}</a></th>
                            <td data-label="Stage"><span class=format!("badge stage-{}", l.stage)>{l.stage.name()}</span></td>
                            <td data-label="Checks"><span class=format!("badge inspection-{}", l.inspection)>{l.inspection.as_str()}</span></td>
                            <td data-label="Spot check">{match (l.sampled, &l.queue_week) {
                                (0, _) | (_, None) => "—".to_string(),
                                (n, Some(w)) => format!("{} of {n} reviewed ({w})", l.reviewed),
                            }}{(l.queue_left > 0).then(|| format!(" · {} left in the queue", l.queue_left))}</td>
                            <td data-label="Awaiting approval">{match (l.awaiting, l.overdue) {
                                (0, _) => "none".to_string(),
                                (n, 0) => n.to_string(),
                                (n, late) => format!("{n} ({late} overdue)"),
                            }}</td>
                            <td data-label="Passed, last 12 weeks"><Sparkline weeks=l.weeks.clone()/></td>
                            <td data-label="Alerts">{if l.open_alerts == 0 { "none".to_string() } else { format!("{} open", l.open_alerts) }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
