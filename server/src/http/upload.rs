//! POST /touchpoints/{id}/import: a plain multipart form upload (no script
//! needed), kept until the person picks the column mapping.

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use domain::{imports::jobs, DomainError};

use super::AppState;

/// Percent-encodes a message for a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let page = format!("/touchpoints/{id}/import");
    let back = |message: &str| Redirect::to(&format!("{page}?error={}", encode(message))).into_response();
    let user = match app::ssr::session_token_in(&headers) {
        Some(token) => match domain::sessions::lookup(&state.db, &token).await {
            Ok(user) => user,
            Err(e) => return failed(&back, e),
        },
        None => None,
    };
    let Some(user) = user else { return Redirect::to("/login").into_response() };
    let mut files = Vec::new();
    loop {
        match form.next_field().await {
            // A file input with nothing chosen still sends an empty part.
            Ok(Some(field)) if field.name() == Some("file") && field.file_name().is_some_and(|n| !n.is_empty()) => {
                let name = field.file_name().unwrap_or("upload").to_string();
                match field.bytes().await {
                    Ok(bytes) => files.push((name, bytes.to_vec())),
                    Err(_) => return back("The file could not be read: it may be larger than 50 MB."),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return back("The upload could not be read: the file may be larger than 50 MB."),
        }
    }
    match jobs::upload(&state.db, id, user.id, files).await {
        Ok(upload) => Redirect::to(&format!("{page}?upload={upload}")).into_response(),
        Err(e) => failed(&back, e),
    }
}

/// Back to the import page with the error's message beside the form.
fn failed(back: &dyn Fn(&str) -> Response, e: DomainError) -> Response {
    match e {
        DomainError::Invalid { message, .. } => back(&message),
        DomainError::Conflict(m)
        | DomainError::Forbidden(m)
        | DomainError::Unauthenticated(m)
        | DomainError::Throttled(m) => back(&m),
        DomainError::NotFound(what) => back(&format!("{what} was not found.")),
        DomainError::Unexpected(e) => {
            tracing::error!(error = ?e, "storing an upload failed");
            back("Something went wrong on our side; please try again.")
        }
    }
}
