//! Server-only helpers for server functions: the database handle, the
//! logged-in user and role checks. Every server function starts here.

use domain::{
    users::{Role, User},
    Db,
};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::error::AppError;

pub const SESSION_COOKIE: &str = "sl_session";

/// Server settings the pages need, provided by the server at start-up.
#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Add `Secure` to cookies (the base URL is https).
    pub secure_cookies: bool,
    /// The address people use, for links and examples.
    pub base_url: String,
    /// An SMTP server is set, so the outbox is being sent.
    pub sends_email: bool,
    /// How long an Approve or Reject link in a sign-off email works.
    pub decision_link_hours: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (none unless configured).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

pub fn base_url() -> String {
    use_context::<WebSettings>().map(|s| s.base_url).unwrap_or_default()
}

/// How decisions mint the Approve and Reject links of the sign-off email.
pub fn decision_links(sealer: &domain::sealing::Sealer) -> domain::gate::Links<'_> {
    let hours = use_context::<WebSettings>().map_or(24, |s| s.decision_link_hours);
    domain::gate::Links { sealer, valid_for: chrono::Duration::hours(hours.into()) }
}

pub fn ingestor() -> Result<domain::outputs::Ingestor, AppError> {
    use_context::<domain::outputs::Ingestor>().ok_or_else(|| {
        tracing::error!("the ingestor is missing from the server context");
        AppError::Internal
    })
}

pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("the database handle is missing from the server context");
        AppError::Internal
    })
}

pub fn sealer() -> Result<domain::sealing::Sealer, AppError> {
    use_context::<domain::sealing::Sealer>().ok_or_else(|| {
        tracing::error!("the secret sealer is missing from the server context");
        AppError::Internal
    })
}

pub fn set_status(status: http::StatusCode) {
    if let Some(resp) = use_context::<ResponseOptions>() {
        resp.set_status(status);
    }
}

/// Returns `err` after setting the response status it deserves.
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    set_status(err.status());
    Err(err)
}

/// The session token from the request's cookie header, if any.
pub fn session_token() -> Option<String> {
    session_token_in(&use_context::<http::request::Parts>()?.headers)
}

/// The session cookie's token in `headers` (the one cookie parser, also
/// used by the server's page guard).
pub fn session_token_in(headers: &http::HeaderMap) -> Option<String> {
    headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|header| {
        header.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_string())
        })
    })
}

/// The client's address (for login throttling), when the server knows it:
/// the connection's, or behind a trusted proxy the one it forwarded.
pub fn client_address() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?.0.ip();
    let trusted = use_context::<WebSettings>().map(|s| s.trusted_proxies).unwrap_or_default();
    let forwarded: Vec<&str> =
        parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    Some(client_behind(peer, &forwarded.join(","), &trusted).to_string())
}

/// The first address, from the right of `X-Forwarded-For`, that is not a
/// trusted proxy; anyone can write the left part, so it is never read past
/// that. The header counts only when the connection comes from a trusted proxy.
pub fn client_behind(peer: std::net::IpAddr, forwarded: &str, trusted: &[std::net::IpAddr]) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    for hop in forwarded.rsplit(',').map(str::trim) {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            // Unreadable: stop believing the header here.
            Err(_) => break,
        }
    }
    peer
}

pub async fn current_user() -> Result<Option<User>, AppError> {
    let Some(token) = session_token() else { return Ok(None) };
    Ok(domain::sessions::lookup(&db()?, &token).await?)
}

/// The logged-in user, or a 401.
pub async fn require_user() -> Result<User, AppError> {
    match current_user().await? {
        Some(user) => Ok(user),
        None => fail(AppError::Unauthenticated("Please log in first.".into())),
    }
}

/// The logged-in user if their role is one of `roles`, or a 401/403.
pub async fn require_role(roles: &[Role], what: &str) -> Result<User, AppError> {
    let user = require_user().await?;
    if roles.contains(&user.role) {
        Ok(user)
    } else {
        fail(AppError::Forbidden(format!("Only {what}.")))
    }
}

/// Seniors and owners: the people who answer for drift and sign-offs.
pub async fn require_senior() -> Result<User, AppError> {
    require_role(&[Role::Owner, Role::Senior], "seniors and owners can do this").await
}

pub async fn require_owner() -> Result<User, AppError> {
    require_role(&[Role::Owner], "the owner can do this").await
}

/// A strict Content-Security-Policy for this page: inline scripts run only
/// when they carry this response's nonce (Leptos adds it to its own), script
/// files only from this server; styles and everything else come from this
/// server. AI output that slipped through as markup still could not run.
/// ('strict-dynamic' is left out on purpose: the bundle is same-origin, and
/// it would let a nonce'd script's injected imports through.)
pub fn content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(resp), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&policy)) {
        resp.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

fn cookie(value: &str, max_age_secs: i64) -> String {
    let secure = use_context::<WebSettings>().is_some_and(|s| s.secure_cookies);
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

fn set_cookie(header: String) {
    if let (Some(resp), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&header)) {
        resp.append_header(http::header::SET_COOKIE, value);
    }
}

/// Starts a fresh session for `user` (a new id at every login) and sets the cookie.
pub async fn start_session(user: &User) -> Result<(), AppError> {
    let db = db()?;
    if let Some(old) = session_token() {
        domain::sessions::delete(&db, &old).await?;
    }
    let token = domain::sessions::create(&db, user.id).await?;
    set_cookie(cookie(&token, domain::sessions::IDLE_TIMEOUT.num_seconds()));
    Ok(())
}

/// Ends the current session and clears the cookie.
pub async fn end_session() -> Result<(), AppError> {
    if let Some(token) = session_token() {
        domain::sessions::delete(&db()?, &token).await?;
    }
    set_cookie(cookie("", 0));
    Ok(())
}

#[cfg(test)]
mod proxy_tests {
    use super::client_behind;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let proxy = [ip("127.0.0.1")];
        assert_eq!(client_behind(ip("127.0.0.1"), "203.0.113.5", &proxy), ip("203.0.113.5"));
        // A client's own forged entries sit to the left of what the proxy added.
        assert_eq!(client_behind(ip("127.0.0.1"), "1.1.1.1, 203.0.113.5", &proxy), ip("203.0.113.5"));
        assert_eq!(client_behind(ip("127.0.0.1"), "203.0.113.5, 127.0.0.1", &proxy), ip("203.0.113.5"));
        assert_eq!(client_behind(ip("198.51.100.7"), "203.0.113.5", &proxy), ip("198.51.100.7"), "not a proxy");
        assert_eq!(client_behind(ip("127.0.0.1"), "203.0.113.5", &[]), ip("127.0.0.1"), "none trusted");
        assert_eq!(client_behind(ip("127.0.0.1"), "garbage", &proxy), ip("127.0.0.1"));
        assert_eq!(client_behind(ip("127.0.0.1"), "", &proxy), ip("127.0.0.1"));
    }
}
