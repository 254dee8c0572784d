//! POST /api/v1/check: the fact checks on one output, without storing it,
//! for a tool that checks before it sends.

use axum::{body::Body, extract::State, http::HeaderMap, Json};
use domain::{facts::Finding, outputs::RawOutput};
use serde::Serialize;

use super::error::{ApiError, ErrorBody};
use crate::http::AppState;

/// What the checks found; empty when the output agrees with the facts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CheckResult {
    pub findings: Vec<Finding>,
}

/// Check one output against the business's facts without storing it.
#[utoipa::path(
    post, path = "/api/v1/check", tag = "outputs",
    request_body = RawOutput,
    security(("ingest_token" = [])),
    responses(
        (status = 200, description = "The findings of the touchpoint's checks (check, byte span, message); \
            an empty list when nothing contradicts the facts. Nothing is stored.", body = CheckResult),
        (status = 400, description = "The body is not valid JSON.", body = ErrorBody),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
        (status = 413, description = "The body is larger than the limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json.", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it.", body = ErrorBody),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CheckResult>, ApiError> {
    let (tp, new) = super::outputs::one_output(&state, &headers, body).await?;
    Ok(Json(CheckResult { findings: state.ingestor.check_only(&state.db, &tp, &new).await? }))
}
