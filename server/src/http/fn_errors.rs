//! Server functions answer 500 when they cannot even read their arguments
//! (a malformed or incomplete request). That is the client's mistake: turn it
//! into a 400, keeping the JSON body that says what is wrong.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};

/// Error bodies are tiny; anything larger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn client_mistakes_are_400(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR || !resp.headers().contains_key("serverfnerror") {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    // `AppError::ServerFn` is how the framework reports unreadable arguments.
    let is_transport_error =
        serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v.get("ServerFn").is_some());
    if is_transport_error {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
