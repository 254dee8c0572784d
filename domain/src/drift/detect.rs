//! The drift detectors, run by the server every few minutes (and by tests):
//! each signal raises one alert per cause, recording its evidence.
//!
//! - quality: a week above its p-chart upper limit, or a CUSUM signal;
//! - shape: last week against the 8 weeks before it — mean length (Welch z)
//!   and the share of outputs with links, prices, phone numbers or email
//!   addresses (two-proportion z), each needing |z| ≥ 4 and a real size of
//!   change (length ±25%, shares ±5 points);
//! - volume: yesterday against the 28 days before it (see `stats::shift::volume`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use stats::shift::{self, Volume};

use super::{days::Day, weeks};
use crate::{alerts, business, sampling::Week, touchpoints, Db, Result};

/// Runs every detector for every live touchpoint; returns the new alerts' titles.
pub async fn run(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>> {
    let mut raised = Vec::new();
    for tp in touchpoints::list(db, false).await? {
        let mut found = quality(db, tp.id, &tp.settings.name).await?;
        found.extend(shape_and_volume(db, tp.id, &tp.settings.name, now).await?);
        let mut tx = crate::db::begin_write(db).await?;
        for alert in found {
            let title = alert.title.clone();
            if alerts::raise(&mut tx, alert).await?.is_some() {
                raised.push(title);
            }
        }
        tx.commit().await?;
    }
    Ok(raised)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

async fn quality(db: &Db, tp: i64, name: &str) -> Result<Vec<alerts::NewAlert>> {
    let s = weeks::series(db, tp).await?;
    let mut out = Vec::new();
    for w in s.above_limit() {
        let (rate, ucl) = (w.failure_rate.unwrap_or(0.0), w.ucl.unwrap_or(0.0));
        out.push(alerts::NewAlert::new(
            tp,
            alerts::Kind::Quality,
            format!("quality:{tp}:{}", w.week),
            format!("{name}: {} failed {} of reviews ({} of {}), above the usual limit of {}", w.week, pct(rate), w.failures, w.reviewed, pct(ucl)),
            json!({"week": w.week, "failures": w.failures, "reviewed": w.reviewed, "ucl": ucl, "baseline_rate": s.baseline_rate}),
        ));
    }
    for w in s.weeks.iter().filter(|w| w.cusum_signal) {
        out.push(alerts::NewAlert::new(
            tp,
            alerts::Kind::Quality,
            format!("cusum:{tp}:{}", w.week),
            format!("{name}: failures have been creeping up (the running check crossed its limit in {})", w.week),
            json!({"week": w.week, "h": s.cusum_h, "p0": s.baseline_rate, "p1": s.cusum_p1}),
        ));
    }
    Ok(out)
}

async fn shape_and_volume(db: &Db, tp: i64, name: &str, now: DateTime<Utc>) -> Result<Vec<alerts::NewAlert>> {
    let cal = business::calendar(db).await?;
    let today = now.with_timezone(&cal.tz).date_naive();
    let last_week = Week::containing(now, cal).previous();
    let from = last_week.first_day(cal.week_starts) - Duration::weeks(weeks::BASELINE_WEEKS as i64);
    let days = super::days::days(db, tp, from.min(today - Duration::days(29))).await?;
    let mut out = shape(tp, name, last_week, cal.week_starts, &days);
    out.extend(volume(tp, name, today - Duration::days(1), &days));
    Ok(out)
}

fn shape(tp: i64, name: &str, week: Week, starts: chrono::Weekday, days: &[(NaiveDate, Day)]) -> Vec<alerts::NewAlert> {
    let (mut now, mut before, mut before_weeks) = (Day::default(), Day::default(), std::collections::BTreeSet::new());
    for (day, d) in days {
        let w = Week::holding(*day, starts);
        if w == week {
            now.add(d);
        } else if w < week {
            before.add(d);
            before_weeks.insert(w);
        }
    }
    if now.outputs < 30 || before_weeks.len() < weeks::MIN_BASELINE_WEEKS || before.outputs < 100 {
        return vec![];
    }
    let mut out = Vec::new();
    let mut alert = |metric: &str, what: String, evidence: serde_json::Value| {
        out.push(alerts::NewAlert::new(
            tp,
            alerts::Kind::Shape,
            format!("shape:{tp}:{week}:{metric}"),
            format!("{name}: in {week} {what}"),
            evidence,
        ));
    };
    let stats = |d: &Day| shift::mean_var(d.outputs as u64, d.length_sum as f64, d.length_sq_sum);
    if let (Some((m1, v1)), Some((m2, v2))) = (stats(&before), stats(&now)) {
        let z = shift::welch_z(m1, v1, before.outputs as u64, m2, v2, now.outputs as u64);
        if z.is_some_and(|z| z.abs() >= shift::Z_BAR) && m1 > 0.0 && ((m2 - m1) / m1).abs() >= 0.25 {
            alert("length", format!("outputs averaged {m2:.0} characters against {m1:.0} before"), json!({"before": m1, "now": m2, "z": z}));
        }
    }
    for (metric, label, x1, x2) in [
        ("link", "links", before.with_link, now.with_link),
        ("price", "prices", before.with_price, now.with_price),
        ("phone", "phone numbers", before.with_phone, now.with_phone),
        ("email", "email addresses", before.with_email, now.with_email),
    ] {
        let (n1, n2) = (before.outputs as u64, now.outputs as u64);
        if let Some(z) = shift::share_shifted(x1 as u64, n1, x2 as u64, n2, 5.0) {
            let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
            alert(metric, format!("{} of outputs contained {label}, against {} before", pct(p2), pct(p1)), json!({"before": p1, "now": p2, "z": z}));
        }
    }
    out
}

fn volume(tp: i64, name: &str, day: NaiveDate, days: &[(NaiveDate, Day)]) -> Vec<alerts::NewAlert> {
    let Some(first) = days.first().map(|(d, _)| *d) else { return vec![] };
    let count = |d: NaiveDate| days.iter().find(|(x, _)| *x == d).map_or(0, |(_, v)| v.outputs as u64);
    let history: Vec<u64> = (1..=28).map(|back| day - Duration::days(back)).filter(|d| *d >= first).map(count).collect();
    let seen = count(day);
    let (what, usual) = match shift::volume(seen, &history) {
        Volume::Usual => return vec![],
        Volume::Low { usual } => ("far fewer outputs than usual: has the tool stopped?", usual),
        Volume::High { usual } => ("far more outputs than usual: is the tool looping?", usual),
    };
    vec![alerts::NewAlert::new(
        tp,
        alerts::Kind::Volume,
        format!("volume:{tp}:{day}"),
        format!("{name}: {seen} outputs on {day}, about {usual:.0} a day usually — {what}"),
        json!({"day": day, "outputs": seen, "usual": usual}),
    )]
}
