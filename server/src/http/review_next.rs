//! GET /review/next[?run=5]: where the weekly "Spot check ready" email
//! points. It opens the first item waiting for the person who follows it
//! (older weeks first, never an item someone else holds), and with `run`
//! a short run of that many; with nothing left, the queue page.

use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::AppState;

/// The longest short run a link may ask for.
const MAX_RUN: u32 = 50;

#[derive(Debug, Deserialize)]
pub struct Run {
    run: Option<String>,
}

pub async fn review_next(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<Run>) -> Response {
    let user = match app::ssr::session_token_in(&headers) {
        Some(token) => domain::sessions::lookup(&state.db, &token).await,
        None => Ok(None),
    };
    let user = match user {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to(&app::next::login_returning_to("/review/next")).into_response(),
        Err(e) => return unavailable(e),
    };
    // A run that is not a small whole number is just the queue, from the start.
    let run = q.run.and_then(|r| r.parse::<u32>().ok()).filter(|r| (1..=MAX_RUN).contains(r));
    match domain::reviews::next_item(&state.db, user.id).await {
        Ok(Some(item)) => {
            let query = run.map_or(String::new(), |r| format!("?run={r}"));
            Redirect::to(&format!("/review/{item}{query}")).into_response()
        }
        Ok(None) => Redirect::to("/review").into_response(),
        Err(e) => unavailable(e),
    }
}

fn unavailable(e: domain::DomainError) -> Response {
    tracing::error!(error = ?e, "could not find the next review item");
    Redirect::to("/review").into_response()
}
