//! GET /monthly/{month}/report: the printable monthly report (owners), the
//! same self-contained page `secondlook report` writes. It carries its own
//! Content-Security-Policy: its one inline style, by hash, and nothing else.

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use domain::{
    monthly::{report, Month},
    DomainError,
};

use super::{
    owner::{owner, unavailable},
    AppState,
};

pub async fn monthly(State(state): State<AppState>, headers: HeaderMap, Path(month): Path<String>) -> Response {
    let back = format!(
        "/monthly/{}/report",
        percent_encoding::utf8_percent_encode(&month, percent_encoding::NON_ALPHANUMERIC)
    );
    if let Err(response) = owner(&state, &headers, &back, "Only owners can see the monthly report.").await {
        return response;
    }
    let m: Month = match month.parse() {
        Ok(m) => m,
        Err(e) => return (StatusCode::NOT_FOUND, format!("{e}")).into_response(),
    };
    let html = match report::render(&state.db, m, chrono::Utc::now()).await {
        Ok(html) => html,
        Err(e @ DomainError::Unexpected(_)) => {
            return unavailable(e, "The report could not be made: try again in a moment.")
        }
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let mut resp = html.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(csp) = HeaderValue::from_str(&report::content_security_policy()) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    resp
}
