//! The owner check for downloads that are not Leptos pages (the export,
//! the printable report): logged out goes to the login page and back,
//! another role gets a plain 403.

use axum::{
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use domain::{users::Role, users::User, DomainError};

use super::AppState;

/// The owner behind the request, or the response to send instead.
pub async fn owner(
    state: &AppState,
    headers: &HeaderMap,
    back_to: &str,
    forbidden: &'static str,
) -> Result<User, Response> {
    let user = match app::ssr::session_token_in(headers) {
        Some(token) => domain::sessions::lookup(&state.db, &token).await,
        None => Ok(None),
    };
    match user {
        Ok(Some(u)) if u.role == Role::Owner => Ok(u),
        Ok(Some(_)) => Err((StatusCode::FORBIDDEN, forbidden).into_response()),
        Ok(None) => Err(Redirect::to(&app::next::login_returning_to(back_to)).into_response()),
        Err(e) => Err(unavailable(e, "The record could not be read: try again in a moment.")),
    }
}

/// A failure on our side: logged with its cause, a plain 503 for the person.
pub fn unavailable(e: DomainError, message: &'static str) -> Response {
    tracing::error!(error = %e, "{message}");
    (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
}
