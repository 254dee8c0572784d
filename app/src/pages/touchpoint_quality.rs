//! The touchpoint page's quality section: the weekly chart, what the running
//! check says, before/after the latest model change, the top findings and
//! the latest failures.

use leptos::prelude::*;

use crate::{
    api::quality::{self, QualityView},
    components::{
        clock::Clock,
        lessons::Lessons,
        week_chart::{pct, WeekChart},
    },
};

#[component]
pub fn QualitySection(q: QualityView, clock: Clock) -> impl IntoView {
    let running = match (q.series.cusum_now(), q.series.cusum_h) {
        (_, Some(_)) if q.series.weeks.iter().rev().find(|w| w.reviewed > 0).is_some_and(|w| w.cusum_signal) => {
            "The quality watch raised an alert for the latest reviewed week: failures are above the usual rate."
                .to_string()
        }
        (Some(now), Some(h)) if now > 0.0 => {
            format!("The quality watch is at {now:.1} of its limit {h:.2}: the latest week looked worse than usual, so the next week is checked twice as closely.")
        }
        (Some(_), Some(_)) => "The quality watch is quiet: failures are at their usual rate.".to_string(),
        _ => "The quality watch starts once 8 weeks have been reviewed.".to_string(),
    };
    let last = q.series.weeks.iter().rev().find(|w| w.outputs > 0 || w.sampled > 0).map(|w| {
        format!(
            "{}: {} outputs, {} checked of {} in the random sample; {} flagged by rules ({} failed).",
            w.week, w.outputs, w.reviewed, w.sampled, w.flagged, w.flagged_failures
        )
    });
    view! {
        <section class="card" aria-labelledby="quality-heading">
            <h2 id="quality-heading">"Quality week by week"</h2>
            <WeekChart weeks=q.series.weeks.clone() baseline=q.series.baseline_rate/>
            <p>{running}</p>
            {last.map(|l| view! { <p class="hint">{l}</p> })}
            {q.comparison.clone().map(|c| view! { <BeforeAfter c clock=clock.clone()/> })}
            <div class="cards">
                <div>
                    <h3>"Most common problems"</h3>
                    {if q.categories.is_empty() {
                        view! { <p class="hint">"None recorded yet."</p> }.into_any()
                    } else {
                        view! { <ol>{q.categories.iter().map(|(c, n)| view! { <li>{format!("{c}: {n}")}</li> }).collect_view()}</ol> }.into_any()
                    }}
                </div>
                <div>
                    <h3>"Latest failures"</h3>
                    {if q.failures.is_empty() {
                        view! { <p class="hint">"None yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="failure-list">
                                {q.failures.iter().map(|f| view! {
                                    <li>
                                        <a href=format!("/review/{}", f.item_id)>{format!("{} · {}", f.week, f.verdict.label().to_lowercase())}</a>
                                        ": " <span class="excerpt">{plaintext::reveal(&f.excerpt).into_owned()}</span>
                                        {(!f.note.is_empty()).then(|| view! { <br/><span>{format!("Note: {}", f.note)}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </div>
            </div>
            <Lessons lessons=q.lessons.clone() period="last 30 days" id="tp-lessons"/>
        </section>
    }
}

#[component]
fn BeforeAfter(c: quality::BeforeAfter, clock: Clock) -> impl IntoView {
    let side = |(n, x): (i64, i64), band: Option<(f64, f64)>| match band {
        Some((lo, hi)) => format!("{x} of {n} failed ({}, likely {}–{})", pct(x as f64 / n as f64), pct(lo), pct(hi)),
        None => "no reviews".to_string(),
    };
    view! {
        <div class="notice" role="note">
            <p><strong>{format!("Before and after the model change ({}, {})", c.change, clock.day(c.at))}</strong></p>
            <p>{format!("Before: {}. After: {}.", side(c.before, c.before_band), side(c.after, c.after_band))}</p>
            {(c.more_needed > 0).then(|| view! {
                <p class="hint">{format!("{} more reviews after the change are needed before this comparison says much.", c.more_needed)}</p>
            })}
        </div>
    }
}
