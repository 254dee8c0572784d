//! The versioned JSON API under /api/v1, authenticated per touchpoint.

mod auth;
mod body;
pub mod check;
pub mod error;
pub mod messages;
pub mod openapi;
pub mod outputs;
pub mod weeks;

use axum::{
    extract::OriginalUri,
    routing::{get, post},
    Router,
};

use crate::http::AppState;
use error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/outputs", post(outputs::create))
        .route("/outputs/batch", post(outputs::batch))
        .route("/outputs/{id}", get(outputs::get))
        .route(
            "/messages",
            post(messages::create).layer(axum::extract::DefaultBodyLimit::max(messages::MAX_MESSAGE_BYTES)),
        )
        .route("/check", post(check::check))
        .route("/touchpoint/weeks", get(weeks::weeks))
        .route("/openapi.json", get(openapi::document))
        .method_not_allowed_fallback(|OriginalUri(uri): OriginalUri| async move {
            ApiError::MethodNotAllowed(format!("{} does not take this method", uri.path()))
        })
        .fallback(|OriginalUri(uri): OriginalUri| async move {
            ApiError::NotFound(format!("there is no API at {}", uri.path()))
        })
}
