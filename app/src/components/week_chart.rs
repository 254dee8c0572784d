//! The weekly quality chart, drawn as plain SVG (no chart library), with the
//! same numbers in a table for screen readers and anyone who prefers them;
//! and a small pass-rate sparkline for the dashboard. Colour is never the
//! only signal: weeks above the limit are squares, not dots.

use leptos::prelude::*;

use crate::components::scroll_table::ScrollTable;

use model::{overview::WeekTally, quality::WeekRow};

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 34.0;

pub fn pct(x: f64) -> String {
    if x > 0.0 && x < 0.1 {
        format!("{:.1}%", 100.0 * x)
    } else {
        format!("{:.0}%", 100.0 * x)
    }
}

/// A round top for the y axis that fits every value shown.
fn y_top(weeks: &[WeekRow]) -> f64 {
    let most = weeks.iter().flat_map(|w| [w.wilson_high, w.ucl, w.failure_rate]).flatten().fold(0.0f64, f64::max);
    [0.1, 0.2, 0.25, 0.5, 0.75, 1.0].into_iter().find(|t| most <= *t).unwrap_or(1.0)
}

/// A week the quality watch raised an alert for.
fn above(w: &WeekRow) -> bool {
    w.cusum_signal
}

#[component]
pub fn WeekChart(weeks: Vec<WeekRow>, baseline: Option<f64>) -> impl IntoView {
    let shown: Vec<WeekRow> = weeks.iter().rev().take(26).rev().cloned().collect();
    if shown.iter().all(|w| w.reviewed == 0) {
        return view! { <p class="hint">"No reviewed weeks yet: the chart starts with the first week's verdicts."</p> }
            .into_any();
    }
    let top = y_top(&shown);
    let slot = (W - LEFT - RIGHT) / shown.len() as f64;
    let x = move |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = move |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let label_every = (shown.len() / 9).max(1);
    let summary = summary(&shown, baseline);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="chart-title chart-desc" class="week-chart">
                <title id="chart-title">"Share of reviewed outputs that failed, week by week"</title>
                <desc id="chart-desc">{summary.clone()}</desc>
                {[0.0, top / 2.0, top].into_iter().map(|v| view! {
                    <line x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v) class="grid"/>
                    <text x=LEFT - 6.0 y=y(v) + 4.0 class="axis" text-anchor="end">{pct(v)}</text>
                }).collect_view()}
                {baseline.map(|b| view! { <line x1=LEFT x2=W - RIGHT y1=y(b) y2=y(b) class="baseline"/> })}
                {shown.iter().enumerate().map(|(i, w)| {
                    let cx = x(i);
                    view! {
                        {w.model_change.as_ref().map(|m| view! {
                            <line x1=cx - slot / 2.0 x2=cx - slot / 2.0 y1=TOP - 8.0 y2=H - BOTTOM class="model-change"/>
                            <text x=cx - slot / 2.0 + 3.0 y=TOP - 10.0 class="marker-label">{format!("model changed: {m}")}</text>
                        })}
                        {w.ucl.map(|u| view! { <line x1=cx - slot * 0.4 x2=cx + slot * 0.4 y1=y(u) y2=y(u) class="ucl"/> })}
                        {w.wilson_low.zip(w.wilson_high).map(|(lo, hi)| view! { <line x1=cx x2=cx y1=y(lo) y2=y(hi) class="band"/> })}
                        {w.failure_rate.map(|r| if above(w) {
                            view! { <rect x=cx - 4.5 y=y(r) - 4.5 width="9" height="9" class="point point-out"/> }.into_any()
                        } else {
                            view! { <circle cx=cx cy=y(r) r="4" class="point"/> }.into_any()
                        })}
                        {w.cusum_signal.then(|| view! { <text x=cx y=TOP - 2.0 class="signal" text-anchor="middle">"▲"</text> })}
                        {(i % label_every == 0).then(|| view! {
                            <text x=cx y=H - BOTTOM + 16.0 class="axis" text-anchor="middle">{w.week.split_once('-').map_or(w.week.clone(), |(_, n)| n.to_string())}</text>
                        })}
                    }
                }).collect_view()}
            </svg>
            <figcaption class="hint">
                "Dots: the share of the random sample that failed, with its likely range (95%). Dashes: the usual upper limit for that many reviews. "
                "Squares and ▲: the quality watch raised an alert that week. Items flagged by rules are not in the chart. "
                {baseline.map(|b| format!("Dotted line: the usual rate ({}).", pct(b)))}
            </figcaption>
        </figure>
        <WeekTable weeks=shown/>
    }
    .into_any()
}

fn summary(weeks: &[WeekRow], baseline: Option<f64>) -> String {
    let out: Vec<&str> = weeks.iter().filter(|w| above(w)).map(|w| w.week.as_str()).collect();
    let changes: Vec<String> =
        weeks.iter().filter_map(|w| w.model_change.as_ref().map(|m| format!("{} ({m})", w.week))).collect();
    let mut s = format!("{} weeks shown.", weeks.len());
    if let Some(b) = baseline {
        s += &format!(" Usual failure rate {}.", pct(b));
    }
    s += &if out.is_empty() {
        " No alert from the quality watch.".to_string()
    } else {
        format!(" Quality alerts in: {}.", out.join(", "))
    };
    if !changes.is_empty() {
        s += &format!(" Model changed in {}.", changes.join(", "));
    }
    s
}

#[component]
fn WeekTable(weeks: Vec<WeekRow>) -> impl IntoView {
    view! {
        <details class="chart-table">
            <summary>"The numbers, week by week"</summary>
            <ScrollTable label="The numbers, week by week">
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Week"</th><th scope="col">"Outputs"</th><th scope="col">"Checked (of sampled)"</th>
                        <th scope="col">"Failed"</th><th scope="col">"Failure rate (likely range)"</th>
                        <th scope="col">"Usual limit"</th><th scope="col">"Flagged by rules (failed)"</th><th scope="col">"Checks"</th><th scope="col">"Notes"</th>
                    </tr></thead>
                    <tbody>
                        {weeks.into_iter().rev().map(|w| {
                            let mut notes = Vec::new();
                            if w.baseline { notes.push("baseline week".to_string()) }
                            if above(&w) { notes.push("quality alert".into()) }
                            if let Some(m) = &w.model_change { notes.push(format!("model changed: {m}")) }
                            view! {
                                <tr>
                                    <th scope="row">{w.week.clone()}</th>
                                    <td>{w.outputs}</td>
                                    <td>{format!("{} of {}", w.reviewed, w.sampled)}</td>
                                    <td>{w.failures}</td>
                                    <td>{match (w.failure_rate, w.wilson_low, w.wilson_high) {
                                        (Some(r), Some(lo), Some(hi)) => format!("{} ({}–{})", pct(r), pct(lo), pct(hi)),
                                        _ => "—".into(),
                                    }}</td>
                                    <td>{w.ucl.map(pct).unwrap_or_else(|| "—".into())}</td>
                                    <td>{format!("{} ({})", w.flagged, w.flagged_failures)}</td>
                                    <td>{w.inspection.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{notes.join("; ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
        </details>
    }
}

/// The pass rate of the last 12 weeks with its likely range, for the dashboard.
#[component]
pub fn Sparkline(weeks: Vec<WeekTally>) -> impl IntoView {
    let shown: Vec<WeekTally> = weeks.iter().rev().take(12).rev().cloned().collect();
    // (position, failure rate, Wilson band) of each week with reviews.
    let reviewed: Vec<(usize, f64, (f64, f64))> = shown
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let band = stats::quality::wilson(w.failures as u64, w.reviewed as u64, stats::quality::Z95)?;
            Some((i, w.failures as f64 / w.reviewed as f64, band))
        })
        .collect();
    let Some(&(_, last_rate, _)) = reviewed.last() else {
        return view! { <span class="hint">"No reviews yet"</span> }.into_any();
    };
    let (w, h) = (120.0, 32.0);
    let x = |i: usize| 4.0 + (w - 8.0) * i as f64 / (shown.len().max(2) - 1) as f64;
    let y = |pass: f64| 2.0 + (h - 4.0) * (1.0 - pass);
    let line: Vec<String> = reviewed.iter().map(|(i, rate, _)| format!("{:.1},{:.1}", x(*i), y(1.0 - rate))).collect();
    let upper = reviewed.iter().map(|(i, _, (low, _))| format!("{:.1},{:.1}", x(*i), y(1.0 - low)));
    let lower = reviewed.iter().rev().map(|(i, _, (_, high))| format!("{:.1},{:.1}", x(*i), y(1.0 - high)));
    let band: Vec<String> = upper.chain(lower).collect();
    let now = 1.0 - last_rate;
    let label = format!("Pass rate over the last {} weeks; latest week {} passed", shown.len(), pct(now));
    view! {
        <span class="spark">
            <svg viewBox=format!("0 0 {w} {h}") width=w height=h role="img" aria-label=label.clone()>
                <polygon points=band.join(" ") class="spark-band"/>
                <polyline points=line.join(" ") class="spark-line"/>
            </svg>
            <span>{format!("{} passed", pct(now))}</span>
        </span>
    }
    .into_any()
}
