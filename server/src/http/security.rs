//! Browser-safety defaults for every response, and a same-origin check for
//! every state-changing request a cookie could authenticate.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

pub async fn headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages set their own policy with a per-response nonce (app::ssr);
    // everything else (JSON, files) may load nothing at all.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        );
    }
    resp
}

/// Refuses a cross-site POST/PUT/PATCH/DELETE: when the browser says where the
/// request comes from (`Origin`), it must be this server.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
        if let (Some(origin), Some(host)) = (origin, host) {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            if origin == "null" || origin_host != host {
                let body = json!({"error": {"code": "cross_site_request", "message": "This request came from another site and was refused."}});
                return (StatusCode::FORBIDDEN, Json(body)).into_response();
            }
        }
    }
    next.run(req).await
}

/// The largest body a server function (a form post to `/api/…`) may send:
/// the biggest form holds one AI output of at most 100,000 characters.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Server functions read their whole body into memory with no limit of
/// their own, so one huge post could exhaust a small machine. Bodies above
/// `MAX_FORM_BYTES` are refused with a 413 before they are read (when the
/// size is announced) or as soon as they pass it (when it is not).
pub async fn limit_form_bodies(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with("/api/") || path.starts_with("/api/v1/") {
        return next.run(req).await;
    }
    let too_large = || {
        let message =
            format!("This request is larger than {} MB, the most a form may send.", MAX_FORM_BYTES / (1024 * 1024));
        (StatusCode::PAYLOAD_TOO_LARGE, Json(json!({"error": {"code": "body_too_large", "message": message}})))
            .into_response()
    };
    let announced =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > MAX_FORM_BYTES) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => too_large(),
    }
}
