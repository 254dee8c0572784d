//! Page requests: where the guard sends people, and the safety headers.

use reqwest::StatusCode;

use crate::helpers::{spawn_app, OWNER_EMAIL, OWNER_PASSWORD};

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
    assert_eq!(location(&app.get("/team").await), "/login");
    assert_eq!(app.get("/login").await.status(), StatusCode::OK);

    app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(location(&app.get("/login").await), "/");
    let home = app.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    for section in ["Dashboard", "Review", "Touchpoints", "Team", "Corner Bakery"] {
        assert!(html.contains(section), "the header shows {section}");
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
