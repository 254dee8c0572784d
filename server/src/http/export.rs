//! GET /export/file: the oversight record as a download (owners), streamed
//! from the database as it is read. The form on /export sends here; a
//! mistake in it goes back there with the message beside its field.

use axum::{
    body::Body,
    extract::{Query, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Redirect, Response},
};
use domain::{export, DomainError};
use futures::TryStreamExt;
use serde::Deserialize;

use super::{
    owner::{owner, unavailable},
    AppState,
};

#[derive(Debug, Deserialize)]
pub struct Form {
    what: Option<String>,
    format: Option<String>,
    touchpoint: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn back(field: &str, message: &str) -> Response {
    let q = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
    Redirect::to(&format!("/export?field={}&error={}", q(field), q(message))).into_response()
}

pub async fn download(State(state): State<AppState>, headers: HeaderMap, Query(form): Query<Form>) -> Response {
    if let Err(response) = owner(&state, &headers, "/export", "Only owners can export the record.").await {
        return response;
    }
    let touchpoint = match form.touchpoint.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match t.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return back("touchpoint", "Choose a touchpoint from the list."),
        },
    };
    let ask = export::Ask {
        what: form.what.unwrap_or_default(),
        format: form.format.unwrap_or_default(),
        touchpoint,
        from: form.from,
        to: form.to,
    };
    let req = match export::check(&state.db, &ask).await {
        Ok(req) => req,
        Err(DomainError::Invalid { field, message }) => return back(field, &message),
        Err(DomainError::NotFound(_)) => return back("touchpoint", "That touchpoint does not exist."),
        Err(e) => return failed(e),
    };
    let name = req.file_name(&ask);
    let content_type = req.format.content_type();
    let body = Body::from_stream(export::stream(state.db.clone(), req).map_err(|e| {
        // Headers are gone by now: the download ends early and the log says why.
        tracing::error!(error = %e, "the export stopped part-way");
        std::io::Error::other("the export stopped part-way")
    }));
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn failed(e: DomainError) -> Response {
    unavailable(e, "The export could not start: try again in a moment.")
}
