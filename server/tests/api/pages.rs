//! Page requests: where the guard sends people, and the safety headers.

use reqwest::StatusCode;

use crate::helpers::{spawn_app, TestApp, OWNER_EMAIL, OWNER_PASSWORD};

fn location(resp: &reqwest::Response) -> &str {
    resp.headers().get("location").unwrap().to_str().unwrap()
}

#[tokio::test]
async fn every_page_leads_to_setup_until_an_owner_exists() {
    let app = spawn_app().await;
    for path in ["/", "/team", "/login", "/review"] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&resp), "/setup");
    }
    let setup = app.get("/setup").await;
    assert_eq!(setup.status(), StatusCode::OK);
    let html = setup.text().await.unwrap();
    assert!(html.contains("Welcome to Second Look") && html.contains("Europe/London"));
}

#[tokio::test]
async fn after_setup_setup_is_gone_and_pages_need_a_login() {
    let app = spawn_app().await;
    app.setup().await;
    app.call("logout", &[]).await;
    assert_eq!(location(&app.get("/setup").await), "/");
    assert_eq!(location(&app.get("/team").await), "/login?next=%2Fteam");
    assert_eq!(location(&app.get("/").await), "/login", "the dashboard is where a login goes anyway");
    assert_eq!(app.get("/login").await.status(), StatusCode::OK);

    app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(location(&app.get("/login").await), "/");
    assert_eq!(location(&app.get("/login?next=%2Fteam").await), "/team", "already logged in: straight there");
    assert_eq!(location(&app.get("/login?next=%2F%2Fevil.test").await), "/");
    let home = app.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    for section in ["Dashboard", "Review", "Touchpoints", "Team", "Corner Bakery"] {
        assert!(html.contains(section), "the header shows {section}");
    }
}

#[tokio::test]
async fn a_link_opened_while_logged_out_returns_to_its_page_after_login() {
    let app = spawn_app().await;
    app.setup().await;
    app.call("logout", &[]).await;
    let asked = app.get("/approvals/12?from=email").await;
    assert_eq!(location(&asked), "/login?next=%2Fapprovals%2F12%3Ffrom%3Demail");
    let fields = [("email", OWNER_EMAIL), ("password", OWNER_PASSWORD), ("next", "/approvals/12?from=email")];
    let login = app.call("login", &fields).await;
    assert_eq!(location(&login), "/approvals/12?from=email");

    // Only paths on this site: anything else goes to the dashboard.
    for next in ["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)", ""] {
        app.call("logout", &[]).await;
        let login = app.call("login", &[("email", OWNER_EMAIL), ("password", OWNER_PASSWORD), ("next", next)]).await;
        assert_eq!(location(&login), "/", "{next:?}");
    }
}

#[tokio::test]
async fn responses_carry_safety_headers_and_unknown_pages_are_404() {
    let app = spawn_app().await;
    app.setup().await;
    let resp = app.get("/no-such-page").await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let h = resp.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(resp.text().await.unwrap().contains("Page not found"));
}

/// The nonce in a page's policy, checked against the page's own scripts.
async fn page_nonce(app: &TestApp, path: &str) -> String {
    let resp = app.get(path).await;
    let policy = resp.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.contains("default-src 'self'") && policy.contains("object-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "no inline script without the nonce: {policy}");
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_string();
    let html = resp.text().await.unwrap();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0, "the page hydrates with a script");
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts, "every script carries the nonce: {html}");
    nonce
}

#[tokio::test]
async fn pages_allow_only_scripts_with_a_fresh_nonce() {
    let app = spawn_app().await;
    app.setup().await;
    let first = page_nonce(&app, "/").await;
    let second = page_nonce(&app, "/team").await;
    assert_ne!(first, second, "a new nonce for every response");
    assert!(first.len() >= 16);
    let api = app.get("/api/v1/openapi.json").await;
    assert!(api.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
}
