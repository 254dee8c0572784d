//! Ingest-token authentication: `Authorization: Bearer <token>` names the
//! touchpoint; a token only ever reaches its own touchpoint's outputs.

use axum::http::{header, HeaderMap};
use domain::{touchpoints::Touchpoint, Db};

use super::error::ApiError;

pub async fn touchpoint(db: &Db, headers: &HeaderMap) -> Result<Touchpoint, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized("send the touchpoint's ingest token as Authorization: Bearer <token>".into())
        })?;
    domain::touchpoints::find_by_token(db, token).await?.ok_or_else(|| {
        ApiError::Unauthorized(
            "that ingest token is not known: it may have been renewed, or its touchpoint retired".into(),
        )
    })
}
