//! What the monthly review recommends for a touchpoint (keep, expand,
//! narrow, pause) and why, from the month's evidence. The owner decides.

pub use model::monthly::Advice;

use serde::Serialize;
use stats::quality::{wilson, Z95};

use super::{bounds, Decision, Month};
use crate::{
    sampling::{inspection, Inspection, Week},
    touchpoints::{Stage, Touchpoint},
    Db, Result,
};

/// The month's evidence for one touchpoint, from its random sample only.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evidence {
    pub weeks_reviewed: u32,
    pub weeks_accepted: u32,
    pub open_incidents: i64,
    pub reviewed: i64,
    pub failures: i64,
    pub tolerance: f64,
    pub inspection: Inspection,
    pub stage: Stage,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The recommendation. Expanding needs every reviewed week accepted (at
/// least three), no open incident and even the pessimistic end of the
/// failure rate's 95% range within the tolerance; a failure rate whose
/// optimistic end is above the tolerance narrows (or pauses a pilot).
pub fn recommend(e: &Evidence) -> Advice {
    let advice = |decision, why: String| Advice { decision, why };
    if e.inspection == Inspection::Paused {
        return advice(Decision::Pause, "The checks paused it: 5 weeks were not accepted under tightened checks. Keep it paused until the tool is fixed.".into());
    }
    let Some((low, high)) = wilson(e.failures as u64, e.reviewed as u64, Z95) else {
        return advice(Decision::Keep, "No spot checks were reviewed this month, so there is nothing to judge it by: keep it as it is and review its queue.".into());
    };
    let tol = pct(e.tolerance);
    if low > e.tolerance {
        let decision = if e.stage == Stage::Pilot { Decision::Pause } else { Decision::Narrow };
        return advice(
            decision,
            format!("Even the best case of its failure rate ({} or more) is above your {tol} tolerance.", pct(low)),
        );
    }
    let rejected = e.weeks_reviewed - e.weeks_accepted;
    if e.open_incidents > 0 || rejected > 0 {
        let mut why = Vec::new();
        if rejected > 0 {
            why.push(format!(
                "{rejected} of {} weeks had more failures than your {tol} tolerance allows",
                e.weeks_reviewed
            ));
        }
        if e.open_incidents > 0 {
            why.push("a quality incident is still open".into());
        }
        let decision = if e.stage == Stage::Pilot { Decision::Keep } else { Decision::Narrow };
        return advice(
            decision,
            format!("{}: look at the failures before widening it.", capitalise(&why.join(" and "))),
        );
    }
    if e.weeks_reviewed >= 3 && high <= e.tolerance && e.stage != Stage::Trusted && e.stage != Stage::Paused {
        return advice(
            Decision::Expand,
            format!("All {} weeks were accepted and even the worst case of its failure rate ({}) is within your {tol} tolerance.", e.weeks_reviewed, pct(high)),
        );
    }
    let why = if e.stage == Stage::Trusted {
        "It is trusted and its weeks were accepted: keep it.".to_string()
    } else if e.weeks_reviewed < 3 {
        format!("Only {} reviewed week(s) this month: not yet enough to widen it.", e.weeks_reviewed)
    } else {
        format!("Its weeks were accepted, but the worst case of its failure rate ({}) is above your {tol} tolerance: more reviews will tell.", pct(high))
    };
    advice(Decision::Keep, why)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Gathers the evidence for `tp` in `month`: the weeks whose Thursday falls
/// in it, the month's random-sample reviews, the open quality incidents.
pub async fn evidence(db: &Db, month: Month, tp: &Touchpoint) -> Result<Evidence> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT week, reviewed, failures FROM review_weeks WHERE touchpoint_id = ? AND reviewed > 0")
            .bind(tp.id)
            .fetch_all(db)
            .await?;
    let in_month =
        |w: &str| w.parse::<Week>().is_ok_and(|wk| Month::of(wk.monday() + chrono::Duration::days(3)) == month);
    let (mut weeks_reviewed, mut weeks_accepted) = (0u32, 0u32);
    for (_, n, x) in rows.iter().filter(|r| in_month(&r.0)) {
        weeks_reviewed += 1;
        weeks_accepted +=
            inspection::accepted(*n as u64, *x as u64, tp.settings.sampling.failure_rate).unwrap_or(true) as u32;
    }
    let tz = crate::business::calendar(db).await?.tz;
    let (reviewed, failures) = super::month_reviews(db, tp.id, bounds(month, tz)).await?;
    let open_incidents: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM alerts WHERE touchpoint_id = ? AND kind = 'quality' AND acknowledged_at IS NULL",
    )
    .bind(tp.id)
    .fetch_one(db)
    .await?;
    Ok(Evidence {
        weeks_reviewed,
        weeks_accepted,
        open_incidents,
        reviewed,
        failures,
        tolerance: tp.settings.sampling.failure_rate,
        inspection: crate::sampling::current_state(db, tp.id).await?,
        stage: tp.stage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(weeks_reviewed: u32, weeks_accepted: u32, reviewed: i64, failures: i64) -> Evidence {
        Evidence {
            weeks_reviewed,
            weeks_accepted,
            open_incidents: 0,
            reviewed,
            failures,
            tolerance: 0.05,
            inspection: Inspection::Normal,
            stage: Stage::Expanding,
        }
    }

    #[test]
    fn a_clean_month_expands_and_a_bad_one_narrows() {
        // 4 × 59 reviews with 2 failures: worst case 3.0% is within 5%.
        let good = recommend(&Evidence { stage: Stage::Pilot, ..month(4, 4, 236, 2) });
        assert_eq!(good.decision, Decision::Expand, "{}", good.why);
        assert_eq!(recommend(&Evidence { stage: Stage::Trusted, ..month(4, 4, 236, 2) }).decision, Decision::Keep);
        // 4 × 45 with 9 failures: accepted weeks, but the range reaches past 5%.
        assert_eq!(recommend(&month(4, 4, 180, 9)).decision, Decision::Keep);
        // A week not accepted, or an open incident: narrow.
        let one_bad = recommend(&month(4, 3, 180, 10));
        assert_eq!(one_bad.decision, Decision::Narrow);
        assert!(one_bad.why.starts_with("1 of 4 weeks"), "{}", one_bad.why);
        assert_eq!(recommend(&Evidence { open_incidents: 1, ..month(4, 4, 180, 4) }).decision, Decision::Narrow);
        // Clearly above tolerance: narrow, or pause a pilot.
        assert_eq!(recommend(&month(4, 1, 180, 30)).decision, Decision::Narrow);
        assert_eq!(recommend(&Evidence { stage: Stage::Pilot, ..month(4, 1, 180, 30) }).decision, Decision::Pause);
        // Paused by the checks: stay paused. Nothing reviewed: keep.
        assert_eq!(
            recommend(&Evidence { inspection: Inspection::Paused, ..month(4, 4, 180, 2) }).decision,
            Decision::Pause
        );
        assert_eq!(recommend(&month(0, 0, 0, 0)).decision, Decision::Keep);
    }
}
