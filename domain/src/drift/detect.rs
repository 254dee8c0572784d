//! The drift detectors, run by the server every few minutes (and by tests):
//! each signal joins its incident's one alert (see `alerts::incidents`).
//!
//! - quality: the quality watch (`stats::watch`) on the random sample;
//! - shape: last week against the 8 weeks before it — mean length (Welch z)
//!   and the share of outputs with links, prices, phone numbers or email
//!   addresses (two-proportion z), each needing |z| ≥ 4 and a real size of
//!   change (length ±25%, shares ±5 points);
//! - volume: yesterday against the 28 days before it (see `stats::shift::volume`);
//! - fact checks: one check's share of flagged outputs (see `facts::figures`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use stats::shift::{self, Volume};

use super::{days::Day, weeks};
use crate::{alerts, business, calendar::Week, touchpoints, Db, Result};

/// Runs every detector for every live touchpoint; returns the new alerts'
/// titles. A signal family that is quiet this time has recovered: its open
/// incident stops gathering evidence.
pub async fn run(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>> {
    let mut raised = Vec::new();
    for tp in touchpoints::list(db, false).await? {
        let (mut found, quality_live) = quality(db, tp.id, &tp.settings.name).await?;
        found.extend(shape_and_volume(db, tp.id, &tp.settings.name, now).await?);
        found.extend(crate::facts::figures::jumps(db, tp.id, &tp.settings.name, now).await?);
        let mut signalling: Vec<String> =
            found.iter().filter_map(|a| a.incident.as_ref().map(|i| i.0.clone())).collect();
        if quality_live {
            signalling.push(format!("quality:{}", tp.id));
        }
        let mut tx = crate::db::begin_write(db).await?;
        for alert in found {
            let title = alert.title.clone();
            if alerts::raise(&mut tx, alert).await?.is_some() {
                raised.push(title);
            }
        }
        for family in families(tp.id).into_iter().filter(|f| !signalling.contains(f)) {
            alerts::recover(&mut tx, &family, &format!("{}: back to usual", tp.settings.name), now).await?;
        }
        tx.commit().await?;
    }
    Ok(raised)
}

/// Every incident family a touchpoint's detectors can signal.
fn families(tp: i64) -> Vec<String> {
    let mut out = vec![format!("quality:{tp}"), format!("volume:{tp}")];
    out.extend(["length", "link", "price", "phone", "email"].map(|m| format!("shape:{tp}:{m}")));
    out.extend(model::facts::Check::ALL.iter().map(|c| crate::facts::figures::family(tp, *c)));
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Reviewed weeks after a signal during which the incident stays live.
const QUALITY_RECOVERY_WEEKS: usize = 2;

/// The quality watch's recent signals. While any of the last two reviewed
/// weeks signalled or the chart is still above 0, the incident is live;
/// otherwise the touchpoint has recovered.
async fn quality(db: &Db, tp: i64, name: &str) -> Result<(Vec<alerts::NewAlert>, bool)> {
    let s = weeks::series(db, tp).await?;
    let monitored: Vec<&weeks::WeekRow> = s.weeks.iter().filter(|w| w.reviewed > 0 && w.cusum.is_some()).collect();
    let recent = &monitored[monitored.len().saturating_sub(QUALITY_RECOVERY_WEEKS)..];
    let live = recent.iter().any(|w| w.cusum_signal) || recent.last().is_some_and(|w| w.cusum.unwrap_or(0.0) > 0.0);
    if !live {
        return Ok((vec![], false));
    }
    let baseline = s.baseline_rate.unwrap_or(0.0);
    let signals = recent
        .iter()
        .filter(|w| w.cusum_signal)
        .map(|w| {
            let rate = w.failure_rate.unwrap_or(0.0);
            alerts::NewAlert::new(
                tp,
                alerts::Kind::Quality,
                format!("quality:{tp}:{}", w.week),
                format!(
                    "{name}: {} failed {} of reviews ({} of {}), against about {} usually",
                    w.week,
                    pct(rate),
                    w.failures,
                    w.reviewed,
                    pct(baseline)
                ),
                json!({"week": w.week, "failures": w.failures, "reviewed": w.reviewed, "baseline_rate": baseline, "h": s.cusum_h}),
            )
            .in_incident(format!("quality:{tp}"), rate)
        })
        .collect();
    Ok((signals, true))
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
    let mut alert = |metric: &str, what: String, evidence: serde_json::Value, level: f64| {
        let signal = alerts::NewAlert::new(
            tp,
            alerts::Kind::Shape,
            format!("shape:{tp}:{week}:{metric}"),
            format!("{name}: in {week} {what}"),
            evidence,
        );
        out.push(signal.in_incident(format!("shape:{tp}:{metric}"), level));
    };
    let stats = |d: &Day| shift::mean_var(d.outputs as u64, d.length_sum as f64, d.length_sq_sum);
    if let (Some((m1, v1)), Some((m2, v2))) = (stats(&before), stats(&now)) {
        let z = shift::welch_z(m1, v1, before.outputs as u64, m2, v2, now.outputs as u64);
        if z.is_some_and(|z| z.abs() >= shift::Z_BAR) && m1 > 0.0 && ((m2 - m1) / m1).abs() >= 0.25 {
            alert(
                "length",
                format!("outputs averaged {m2:.0} characters against {m1:.0} before"),
                json!({"before": m1, "now": m2, "z": z}),
                z.unwrap_or(0.0).abs(),
            );
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
            alert(
                metric,
                format!("{} of outputs contained {label}, against {} before", pct(p2), pct(p1)),
                json!({"before": p1, "now": p2, "z": z}),
                z.abs(),
            );
        }
    }
    out
}

fn volume(tp: i64, name: &str, day: NaiveDate, days: &[(NaiveDate, Day)]) -> Vec<alerts::NewAlert> {
    let Some(first) = days.first().map(|(d, _)| *d) else { return vec![] };
    let count = |d: NaiveDate| days.iter().find(|(x, _)| *x == d).map_or(0, |(_, v)| v.outputs as u64);
    let history: Vec<u64> =
        (1..=28).map(|back| day - Duration::days(back)).filter(|d| *d >= first).map(count).collect();
    let seen = count(day);
    let (what, usual) = match shift::volume(seen, &history) {
        Volume::Usual => return vec![],
        Volume::Low { usual } => ("far fewer outputs than usual: has the tool stopped?", usual),
        Volume::High { usual } => ("far more outputs than usual: is the tool looping?", usual),
    };
    let ratio = if seen as f64 > usual { seen as f64 / usual.max(1.0) } else { usual / (seen as f64).max(1.0) };
    vec![alerts::NewAlert::new(
        tp,
        alerts::Kind::Volume,
        format!("volume:{tp}:{day}"),
        format!("{name}: {seen} outputs on {day}, about {usual:.0} a day usually — {what}"),
        json!({"day": day, "outputs": seen, "usual": usual}),
    )
    .in_incident(format!("volume:{tp}"), ratio)]
}
