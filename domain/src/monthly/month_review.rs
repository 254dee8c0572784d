//! One month of oversight, per live touchpoint: the numbers and weeks, the
//! alerts, the latest failures, the lessons, the evidence's advice and the
//! owner's decision. The guided review and the printed report both read it.
//! Gathering it reads a dozen tables per touchpoint (about 8 ms each with a
//! year of data), so it is remembered until one of them changes.

use std::sync::OnceLock;

use chrono::Duration;

pub use model::monthly::{MonthReview, MonthTouchpoint};

use super::{
    bounds, evidence, findings_line, flagged_line, month_reviews, month_reviews_of, pass_line, recommend, status, Month,
};
use crate::{drift, memo::Memo, sampling::Week, Db, Result};

pub async fn month_review(db: &Db, m: Month) -> Result<MonthReview> {
    static REMEMBERED: OnceLock<Memo<Month, MonthReview>> = OnceLock::new();
    let review = REMEMBERED.get_or_init(Memo::default).get(db, m, || gather(db, m)).await?;
    Ok(MonthReview::clone(&review))
}

async fn gather(db: &Db, m: Month) -> Result<MonthReview> {
    let tz = crate::business::calendar(db).await?.tz;
    let bounds = bounds(m, tz);
    let status = status(db, m).await?;
    let findings = crate::facts::figures::month(db, bounds.0, bounds.1).await?;
    let mut touchpoints = Vec::new();
    for tp in crate::touchpoints::list(db, false).await? {
        // A week belongs to the month its Thursday is in (as ISO weeks do).
        let weeks = drift::weeks::series(db, tp.id)
            .await?
            .weeks
            .into_iter()
            .filter(|w| w.week.parse::<Week>().is_ok_and(|wk| Month::of(wk.monday() + Duration::days(3)) == m))
            .collect();
        // Open alerts whenever they were raised, and those of the month.
        let alerts = crate::alerts::list(db, Some(tp.id), 50)
            .await?
            .into_iter()
            .filter(|a| a.acknowledged_at.is_none() || (a.raised_at >= bounds.0 && a.raised_at < bounds.1))
            .collect();
        let decision = status.decisions.iter().find(|d| d.0 == tp.id).map(|d| (d.1, d.2.clone(), d.3.clone()));
        touchpoints.push(MonthTouchpoint {
            id: tp.id,
            name: tp.settings.name.clone(),
            stage: tp.stage,
            inspection: crate::sampling::current_state(db, tp.id).await?,
            numbers: pass_line(month_reviews(db, tp.id, bounds).await?),
            weeks,
            alerts,
            failures: drift::findings::latest_failures(db, tp.id, 5).await?,
            decision,
            advice: recommend(&evidence(db, m, &tp).await?),
            flagged: flagged_line(month_reviews_of(db, tp.id, bounds, false).await?),
            findings: findings.iter().filter(|(t, _)| *t == tp.id).map(|(_, c)| findings_line(c)).collect(),
            lessons: {
                use crate::reviews::lessons::{lessons, Period};
                lessons(db, tp.id, Period::Produced(bounds.0, bounds.1)).await?
            },
        });
    }
    Ok(MonthReview { month: m.to_string(), label: m.label(), completed: status.completed, touchpoints })
}
