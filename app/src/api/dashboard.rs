//! The dashboard's overview: one line per touchpoint, for everyone logged in.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{api::quality::WeekPoint, error::AppError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewLine {
    pub id: i64,
    pub name: String,
    pub stage: String,
    pub inspection: String,
    pub queue_week: Option<String>,
    pub reviewed: i64,
    pub sampled: i64,
    pub awaiting: i64,
    pub overdue: i64,
    pub open_alerts: i64,
    pub queue_left: i64,
    pub paused: bool,
    pub weeks: Vec<WeekPoint>,
}

#[server(endpoint = "dashboard/overview")]
pub async fn touchpoint_overview() -> Result<Vec<OverviewLine>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let lines = domain::drift::overview::lines(&ssr::db()?, chrono::Utc::now()).await?;
    Ok(lines
        .into_iter()
        .map(|l| OverviewLine {
            paused: l.paused(),
            queue_left: l.queue_left,
            id: l.id,
            name: l.name,
            stage: l.stage,
            inspection: l.inspection,
            queue_week: l.queue_week,
            reviewed: l.reviewed,
            sampled: l.sampled,
            awaiting: l.awaiting,
            overdue: l.overdue,
            open_alerts: l.open_alerts,
            weeks: l.weeks.into_iter().map(WeekPoint::from).collect(),
        })
        .collect())
}
