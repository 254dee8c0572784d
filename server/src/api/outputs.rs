//! POST /api/v1/outputs, POST /api/v1/outputs/batch, GET /api/v1/outputs/{id}.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use chrono::Utc;
use domain::outputs::{self, FieldError, OutputRecord, RawOutput, Source, Stored};
use serde::Serialize;

use super::{
    auth,
    body::json_body,
    error::{ApiError, ErrorBody, ItemError},
};
use crate::http::AppState;

pub const MAX_BATCH_ITEMS: usize = 1000;

/// Send one output. Idempotent on `external_id`.
#[utoipa::path(
    post, path = "/api/v1/outputs", tag = "outputs",
    request_body = RawOutput,
    security(("ingest_token" = [])),
    responses(
        (status = 201, description = "Stored. `status` is `pending` for a gated touchpoint, otherwise `received`. \
            A booking that overlaps another booking of the same resource is stored too and answers `conflicts`: [ids] \
            (both go to the review queue and an alert is raised). `findings` lists what the business's fact checks \
            found (check, byte span, message); a flagged output is queued for review at once.", body = Stored),
        (status = 200, description = "This external_id was already stored: nothing new was saved; `id` is the first one.", body = Stored),
        (status = 400, description = "The body is not valid JSON.", body = ErrorBody),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
        (status = 413, description = "The body is larger than the limit (256 KiB by default).", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json.", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it.", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let (tp, new) = one_output(&state, &headers, body).await?;
    let stored = state.ingestor.one(&tp, &new).await?;
    let status = if stored.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(stored)))
}

/// The touchpoint a request's token names and the one output its body
/// holds, checked field by field (for POST /outputs and POST /check).
pub(super) async fn one_output(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<(domain::touchpoints::Touchpoint, outputs::NewOutput), ApiError> {
    let tp = auth::touchpoint(&state.db, headers).await?;
    let value = json_body(headers, body, state.settings.max_body_bytes).await?;
    let new = outputs::parse_item(value)
        .and_then(|raw| raw.validate(tp.settings.kind, Source::Api, Utc::now()))
        .map_err(ApiError::Invalid)?;
    Ok((tp, new))
}

/// `{"outputs": [...]}`: up to 1000 outputs.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct BatchRequest {
    #[schema(max_items = 1000)]
    pub outputs: Vec<RawOutput>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchResponse {
    /// One result per item, in order.
    pub results: Vec<Stored>,
}

fn batch_items(value: serde_json::Value) -> Result<Vec<serde_json::Value>, ApiError> {
    let invalid = |m: String| ApiError::Invalid(FieldError::new("outputs", m));
    let serde_json::Value::Object(mut map) = value else {
        return Err(invalid("the body must be an object {\"outputs\": [...]}".into()));
    };
    if let Some(other) = map.keys().find(|k| *k != "outputs") {
        return Err(ApiError::Invalid(FieldError::new(
            other.clone(),
            format!("unknown field `{other}`, expected `outputs`"),
        )));
    }
    match map.remove("outputs") {
        Some(serde_json::Value::Array(items)) if items.is_empty() => {
            Err(invalid("outputs must have at least one item".into()))
        }
        Some(serde_json::Value::Array(items)) if items.len() > MAX_BATCH_ITEMS => {
            Err(invalid(format!("outputs has {} items; at most {MAX_BATCH_ITEMS} are accepted at once", items.len())))
        }
        Some(serde_json::Value::Array(items)) => Ok(items),
        Some(_) => Err(invalid("outputs must be an array".into())),
        None => Err(invalid("outputs is required".into())),
    }
}

/// Send up to 1000 outputs in one transaction. Every item is checked first:
/// if any is invalid, nothing is stored and each bad item is listed.
#[utoipa::path(
    post, path = "/api/v1/outputs/batch", tag = "outputs",
    request_body = BatchRequest,
    security(("ingest_token" = [])),
    responses(
        (status = 200, description = "All stored (or found as duplicates), one result per item.", body = BatchResponse),
        (status = 400, description = "The body is not valid JSON.", body = ErrorBody),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
        (status = 413, description = "The body is larger than the limit (8 MiB by default).", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json.", body = ErrorBody),
        (status = 422, description = "Some items are invalid (`error.items` lists each by index and field); nothing was stored.", body = ErrorBody),
    )
)]
pub async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<BatchResponse>, ApiError> {
    let tp = auth::touchpoint(&state.db, &headers).await?;
    let value = json_body(&headers, body, state.settings.max_batch_bytes).await?;
    let now = Utc::now();
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    for (index, item) in batch_items(value)?.into_iter().enumerate() {
        match outputs::parse_item(item).and_then(|raw| raw.validate(tp.settings.kind, Source::Api, now)) {
            Ok(new) => valid.push(new),
            Err(e) => errors.push(ItemError { index, field: e.field, message: e.message }),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidItems(errors));
    }
    let results = state.ingestor.many(&tp, &valid).await?;
    Ok(Json(BatchResponse { results }))
}

/// The output's current status. A token sees only its own touchpoint's outputs.
#[utoipa::path(
    get, path = "/api/v1/outputs/{id}", tag = "outputs",
    params(("id" = i64, Path, description = "The id returned when the output was sent")),
    security(("ingest_token" = [])),
    responses(
        (status = 200, description = "The output's status.", body = OutputRecord),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
        (status = 404, description = "No such output for this touchpoint.", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<OutputRecord>, ApiError> {
    let tp = auth::touchpoint(&state.db, &headers).await?;
    let not_found = || ApiError::NotFound(format!("this touchpoint has no output {id}"));
    let num: i64 = id.parse().map_err(|_| not_found())?;
    outputs::get_for_touchpoint(&state.db, tp.id, num).await?.map(Json).ok_or_else(not_found)
}
