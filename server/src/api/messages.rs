//! POST /api/v1/messages: one raw email (`message/rfc822`), for mail servers
//! and providers that forward by HTTP. Read by the same message reader as
//! the mailbox and `.eml` uploads; the Message-ID is the external id.

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, StatusCode},
    Json,
};
use chrono::Utc;
use domain::{
    capture::message,
    outputs::{FieldError, Source, Stored},
};

use super::{
    auth,
    error::{ApiError, ErrorBody},
};
use crate::http::AppState;

/// The largest message taken (a 20 MB attachment fits; it is named, not kept).
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

fn is_message(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("message/rfc822"))
}

/// Send one email as it was sent (RFC 5322). Its own text is the output (the
/// quoted thread below it is the input); its Message-ID the external id, so
/// sending it again is safe.
#[utoipa::path(
    post, path = "/api/v1/messages", tag = "outputs",
    request_body(content = String, content_type = "message/rfc822", description = "The raw message, headers and body."),
    security(("ingest_token" = [])),
    responses(
        (status = 201, description = "Stored as an output of the token's touchpoint.", body = Stored),
        (status = 200, description = "This Message-ID was already stored: nothing new was saved.", body = Stored),
        (status = 401, description = "Missing or unknown ingest token.", body = ErrorBody),
        (status = 413, description = "The message is larger than 32 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as message/rfc822.", body = ErrorBody),
        (status = 422, description = "The message has no text of its own, or is not an email (`error.field` is `message`).", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let tp = auth::touchpoint(&state.db, &headers).await?;
    if !is_message(&headers) {
        return Err(ApiError::UnsupportedMediaType("message/rfc822"));
    }
    let bytes =
        axum::body::to_bytes(body, MAX_MESSAGE_BYTES).await.map_err(|_| ApiError::TooLarge(MAX_MESSAGE_BYTES))?;
    let now = Utc::now();
    let new = message::read(&bytes, now)
        .and_then(|m| m.into_output(None, tp.settings.kind, Source::Api, now))
        .map_err(|m| ApiError::Invalid(FieldError::new("message", m)))?;
    let stored = state.ingestor.one(&tp, &new).await?;
    let status = if stored.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(stored)))
}
