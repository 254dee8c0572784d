//! Reading a JSON request body: the right content type, within the size
//! limit, and well-formed, each failure with its own status.

use axum::{body::Body, http::header, http::HeaderMap};

use super::error::ApiError;

/// The body as a JSON value, or 415 / 413 / 400.
pub async fn json_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<serde_json::Value, ApiError> {
    let is_json =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).is_some_and(
            |mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            },
        );
    if !is_json {
        return Err(ApiError::UnsupportedMediaType("application/json"));
    }
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::TooLarge(limit));
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge(limit))?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson(format!("the body is not valid JSON: {e}")))
}
