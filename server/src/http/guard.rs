//! Sends page requests where they belong before rendering: to `/setup` until
//! the business exists, to `/login?next=<the page>` when nobody is logged
//! in (and back to that page once someone is). Server
//! functions check roles themselves; this only spares people dead ends.

use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use super::AppState;

/// Paths that are documents a person navigates to (not API calls or files).
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !(path.starts_with("/api/") || path.starts_with("/pkg/") || path == "/healthz" || last.contains('.'))
}

pub async fn page_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::GET || !is_page(&path) {
        return next.run(req).await;
    }
    if !state.setup_done().await {
        return if path == "/setup" { next.run(req).await } else { Redirect::to("/setup").into_response() };
    }
    if path == "/setup" {
        return Redirect::to("/").into_response();
    }
    let logged_in = match app::ssr::session_token_in(req.headers()) {
        Some(token) => matches!(domain::sessions::lookup(&state.db, &token).await, Ok(Some(_))),
        None => false,
    };
    // The password-reset pages are for people who cannot log in; an emailed
    // decision link carries its own permission.
    if matches!(path.as_str(), "/forgot-password" | "/reset-password" | "/decide") {
        return next.run(req).await;
    }
    match (logged_in, path == "/login") {
        (true, true) => Redirect::to(app::next::safe(&asked_next(req.uri().query()))).into_response(),
        // Back to this very page after logging in (links from emails too).
        (false, false) => {
            let asked = req.uri().path_and_query().map_or(path.as_str(), |pq| pq.as_str());
            Redirect::to(&app::next::login_returning_to(asked)).into_response()
        }
        _ => next.run(req).await,
    }
}

/// The `next` of a login page's query string, decoded.
fn asked_next(query: Option<&str>) -> String {
    let pairs = url::form_urlencoded::parse(query.unwrap_or("").as_bytes());
    pairs.filter(|(k, _)| k == "next").map(|(_, v)| v.into_owned()).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::is_page;

    #[test]
    fn pages_are_told_apart_from_files_and_apis() {
        for p in ["/", "/team", "/touchpoints/3", "/login"] {
            assert!(is_page(p), "{p}");
        }
        for p in ["/api/login", "/pkg/secondlook.wasm", "/favicon.svg", "/healthz", "/api/v1/outputs"] {
            assert!(!is_page(p), "{p}");
        }
    }
}
