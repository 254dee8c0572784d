//! GET /api/v1/touchpoint/weeks: the touchpoint's weekly numbers as JSON.

use axum::{extract::State, http::HeaderMap, Json};
use domain::drift::weeks::{self, WeekRow};
use serde::Serialize;

use super::{
    auth,
    error::{ApiError, ErrorBody},
};
use crate::http::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct WeeksResponse {
    pub touchpoint: String,
    /// The failure rate of the baseline weeks (the first 8 reviewed), once at least 4 exist.
    pub baseline_rate: Option<f64>,
    /// The CUSUM's signal threshold, in failures.
    pub cusum_threshold: Option<f64>,
    /// One row per week with outputs or reviews, oldest first.
    pub weeks: Vec<WeekRow>,
}

/// The touchpoint's weeks: outputs, sampled, reviewed, failures, the failure
/// rate with its Wilson 95% interval, the p-chart upper limit, the CUSUM and
/// the inspection state. Rates are fractions (0.05 is 5%).
#[utoipa::path(
    get, path = "/api/v1/touchpoint/weeks", tag = "touchpoint",
    security(("ingest_token" = [])),
    responses(
        (status = 200, description = "One row per week.", body = WeeksResponse),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
    )
)]
pub async fn weeks(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<WeeksResponse>, ApiError> {
    let tp = auth::touchpoint(&state.db, &headers).await?;
    let series = weeks::series(&state.db, tp.id).await?;
    Ok(Json(WeeksResponse {
        touchpoint: tp.settings.name,
        baseline_rate: series.baseline_rate,
        cusum_threshold: series.cusum_h,
        weeks: series.weeks,
    }))
}
