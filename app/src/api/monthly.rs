//! The guided monthly review's server functions (owners only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use model::{
    alert::Alert,
    monthly::{Advice, Decision},
    quality::{Failure, WeekRow},
    sampling::Inspection,
    touchpoint::Stage,
};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthTouchpoint {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub inspection: Inspection,
    /// "93% passed (likely 84–97%) of 45 reviewed"
    pub numbers: String,
    pub weeks: Vec<WeekRow>,
    pub alerts: Vec<Alert>,
    pub failures: Vec<Failure>,
    /// (decision, note, who)
    pub decision: Option<(Decision, String, String)>,
    /// What the evidence suggests, and why.
    pub advice: Advice,
    /// "flagged by rules: 12, 3 failed", reviewed outside the random sample.
    pub flagged: Option<String>,
    /// The fact checks' month: "Prices: 12 flagged, 9 confirmed, 2 not a problem".
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthReview {
    pub month: String,
    pub label: String,
    /// Who signed it off, and when.
    pub completed: Option<(String, chrono::DateTime<chrono::Utc>)>,
    pub touchpoints: Vec<MonthTouchpoint>,
}

#[cfg(feature = "ssr")]
fn parse_month(month: &str) -> Result<domain::monthly::Month, AppError> {
    month.parse().or_else(|e: domain::DomainError| crate::ssr::fail(e.into()))
}

#[server(endpoint = "monthly/get")]
pub async fn get_month_review(month: String) -> Result<MonthReview, AppError> {
    use crate::ssr;
    use domain::{drift, monthly};
    ssr::require_owner().await?;
    let m = parse_month(&month)?;
    let db = ssr::db()?;
    let tz = domain::business::calendar(&db).await?.tz;
    let bounds = monthly::bounds(m, tz);
    let status = monthly::status(&db, m).await?;
    let findings = domain::facts::figures::month(&db, bounds.0, bounds.1).await?;
    let mut touchpoints = Vec::new();
    for tp in domain::touchpoints::list(&db, false).await? {
        let weeks = drift::weeks::series(&db, tp.id)
            .await?
            .weeks
            .into_iter()
            .filter(|w| {
                w.week
                    .parse::<domain::sampling::Week>()
                    .is_ok_and(|wk| monthly::Month::of(wk.monday() + chrono::Duration::days(3)) == m)
            })
            .collect();
        let alerts = domain::alerts::list(&db, Some(tp.id), 50)
            .await?
            .into_iter()
            .filter(|a| a.acknowledged_at.is_none() || (a.raised_at >= bounds.0 && a.raised_at < bounds.1))
            .collect();
        let failures = drift::findings::latest_failures(&db, tp.id, 5).await?;
        let decision = status.decisions.iter().find(|d| d.0 == tp.id).map(|d| (d.1, d.2.clone(), d.3.clone()));
        let advice = monthly::recommend(&monthly::evidence(&db, m, &tp).await?);
        let flagged = monthly::flagged_line(monthly::month_reviews_of(&db, tp.id, bounds, false).await?);
        touchpoints.push(MonthTouchpoint {
            id: tp.id,
            name: tp.settings.name.clone(),
            stage: tp.stage,
            inspection: domain::sampling::current_state(&db, tp.id).await?,
            numbers: monthly::pass_line(monthly::month_reviews(&db, tp.id, bounds).await?),
            weeks,
            alerts,
            failures,
            decision,
            advice,
            flagged,
            findings: findings.iter().filter(|(t, _)| *t == tp.id).map(|(_, c)| monthly::findings_line(c)).collect(),
        });
    }
    Ok(MonthReview { month: m.to_string(), label: m.label(), completed: status.completed, touchpoints })
}

/// keep, expand, narrow or pause one touchpoint; changes its stage.
#[server(endpoint = "monthly/decide")]
pub async fn decide_month(month: String, touchpoint_id: i64, decision: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let m = parse_month(&month)?;
    let decision: Decision = decision.parse().map_err(domain::DomainError::from)?;
    domain::monthly::decide(&ssr::db()?, &owner, m, touchpoint_id, decision, &note).await?;
    Ok(())
}

#[server(endpoint = "monthly/sign-off")]
pub async fn sign_off_month(month: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let m = parse_month(&month)?;
    domain::monthly::sign_off(&ssr::db()?, &owner, m, &note).await?;
    Ok(())
}

/// Whether last month's review is done, for the dashboard (owners).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyProgress {
    pub month: String,
    pub label: String,
    pub completed: Option<String>,
}

#[server(endpoint = "monthly/state")]
pub async fn monthly_state() -> Result<Option<MonthlyProgress>, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    if me.role != domain::users::Role::Owner {
        return Ok(None);
    }
    let db = ssr::db()?;
    let tz = domain::business::calendar(&db).await?.tz;
    let m = domain::monthly::Month::of(chrono::Utc::now().with_timezone(&tz).date_naive()).previous();
    let status = domain::monthly::status(&db, m).await?;
    Ok(Some(MonthlyProgress {
        month: m.to_string(),
        label: m.label(),
        completed: status.completed.map(|(who, at)| format!("done by {who} on {}", at.format("%-d %B"))),
    }))
}
