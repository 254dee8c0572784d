//! The printable monthly report: the month's review as one self-contained
//! HTML page (its style inline, its charts as SVG, no script, no links it
//! needs), laid out for A4 and Letter. The web page and `secondlook report`
//! write the same bytes. Everything from AI output or people is escaped.

use askama::Template;
use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{month_review, Month, MonthTouchpoint};
use crate::{clock::Clock, Db, DomainError, Result};
use model::{alert::Alert, quality::WeekRow};

/// The report's only style; pages that serve it allow exactly this text.
pub const STYLE: &str = include_str!("../../templates/report/style.css");

/// The Content-Security-Policy for the report: its inline style by hash, and nothing else.
pub fn content_security_policy() -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
}

#[derive(Template)]
#[template(path = "report/monthly.html")]
struct Page {
    business: String,
    label: String,
    place: String,
    made: String,
    style: &'static str,
    signed: Option<String>,
    ended: bool,
    touchpoints: Vec<Section>,
}

struct Section {
    id: i64,
    name: String,
    stage: &'static str,
    inspection: String,
    numbers: String,
    flagged: Option<String>,
    findings: Vec<String>,
    weeks: Vec<WeekLine>,
    chart: Chart,
    incidents: Vec<Incident>,
    lessons: Vec<String>,
    /// (week, excerpt, note)
    failures: Vec<(String, String, String)>,
    decision: String,
    decision_short: String,
    advice: String,
}

struct WeekLine {
    week: String,
    outputs: i64,
    sampled: i64,
    reviewed: i64,
    failures: i64,
    rate: String,
}

struct Incident {
    title: String,
    raised: String,
    done: String,
}

/// A bar per week of the failure rate, scaled to the month's worst week.
struct Chart {
    width: u32,
    height: u32,
    base: u32,
    top: String,
    bars: Vec<Bar>,
}

struct Bar {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    label: String,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn chart(weeks: &[WeekRow]) -> Chart {
    let (width, height, base) = (600u32, 150u32, 130u32);
    let worst = weeks.iter().filter_map(|w| w.failure_rate).fold(0.0f64, f64::max);
    // Round the scale up to the next 10% so small rates are still visible.
    let top = ((worst * 10.0).ceil() / 10.0).clamp(0.1, 1.0);
    let slot = (width - 40) / (weeks.len().max(1) as u32);
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let h = (w.failure_rate.unwrap_or(0.0) / top * f64::from(base - 20)).round() as u32;
            let label = w.week.rsplit('-').next().unwrap_or(&w.week).to_string();
            Bar { x: 40 + i as u32 * slot, y: base - h, w: (slot * 3 / 5).max(4), h, label }
        })
        .collect();
    Chart { width, height, base, top: pct(top), bars }
}

fn incident(a: &Alert, clock: &Clock) -> Incident {
    let mut done = Vec::new();
    if let (Some(who), Some(at)) = (&a.acknowledged_by, a.acknowledged_at) {
        let note = a.ack_note.as_deref().filter(|n| !n.trim().is_empty());
        done.push(match note {
            Some(n) => format!("Acknowledged by {who} on {}: {n}", clock.when(at)),
            None => format!("Acknowledged by {who} on {}.", clock.when(at)),
        });
    }
    match a.recovered_at {
        Some(at) => done.push(format!("Recovered {}.", clock.when(at))),
        None if a.acknowledged_at.is_none() => done.push("Still open: nobody has acknowledged it.".into()),
        None => {}
    }
    Incident { title: a.title.clone(), raised: clock.when(a.raised_at), done: done.join(" ") }
}

fn section(t: MonthTouchpoint, clock: &Clock) -> Section {
    let (decision, decision_short) = match &t.decision {
        Some((d, note, who)) if note.trim().is_empty() => {
            (format!("{}, decided by {who}.", d.label()), d.label().to_string())
        }
        Some((d, note, who)) => (format!("{}, decided by {who}: {note}", d.label()), d.label().to_string()),
        None => ("Not decided yet.".to_string(), "not decided".to_string()),
    };
    Section {
        id: t.id,
        stage: t.stage.name(),
        inspection: t.inspection.to_string(),
        flagged: t.flagged,
        findings: t.findings,
        chart: chart(&t.weeks),
        weeks: t
            .weeks
            .iter()
            .map(|w| WeekLine {
                week: w.week.clone(),
                outputs: w.outputs,
                sampled: w.sampled,
                reviewed: w.reviewed,
                failures: w.failures,
                rate: w.failure_rate.map(pct).unwrap_or_else(|| "—".into()),
            })
            .collect(),
        incidents: t.alerts.iter().map(|a| incident(a, clock)).collect(),
        lessons: t
            .lessons
            .iter()
            .flat_map(|l| l.notes.iter().map(|n| format!("{}: {}", l.category.label(), n.line())))
            .collect(),
        failures: t
            .failures
            .into_iter()
            .map(|f| (f.week, plaintext::reveal(&f.excerpt).into_owned(), f.note))
            .collect(),
        advice: format!("{}. {}", t.advice.decision.label(), t.advice.why),
        name: t.name,
        numbers: t.numbers,
        decision,
        decision_short,
    }
}

/// The report of month `m`, as of `now`.
pub async fn render(db: &Db, m: Month, now: DateTime<Utc>) -> Result<String> {
    let business = crate::business::get(db).await?.unwrap_or_default();
    let clock = business.clock();
    let review = month_review(db, m).await?;
    let ended = super::bounds(m, business.calendar().tz).1 <= now;
    let page = Page {
        business: business.name.clone(),
        label: review.label.clone(),
        place: clock.place(),
        made: clock.when(now),
        style: STYLE,
        signed: review.completed.as_ref().map(|(who, at)| format!("Signed off by {who} on {}.", clock.when(*at))),
        ended,
        touchpoints: review.touchpoints.into_iter().map(|t| section(t, &clock)).collect(),
    };
    page.render()
        .map_err(|e| DomainError::Unexpected(anyhow::Error::new(e).context("the monthly report did not render")))
}
