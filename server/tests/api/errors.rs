//! Every kind of error answer, over HTTP, from both edges: the server
//! functions the pages call (AppError) and the REST API (ApiError). Each
//! domain error variant has its own status; none of them is a 500.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{call_with, new_client, spawn_app, OWNER_EMAIL, OWNER_PASSWORD};

#[tokio::test]
async fn server_functions_answer_each_error_with_its_own_status() {
    let app = spawn_app().await;
    app.setup().await;
    let (tp, _) = app.touchpoint("Replies", "email", "sample").await;
    let tp = tp.to_string();

    // 400: arguments the function cannot even read.
    let resp = app.call("touchpoints/get", &[("id", "not-a-number")]).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // 404: nothing by that id.
    let resp = app.call("touchpoints/get", &[("id", "999")]).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(resp.text().await.unwrap().contains("was not found"));
    // 422: a field is wrong, and the body names it.
    let resp = app.call("team/add", &[("name", "Eve"), ("email", "eve@bakery.test"), ("role", "boss")]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["Invalid"]["field"], "role", "{body}");
    // 409: the rule that a retired touchpoint takes no outputs, from the ingest path.
    assert_eq!(app.call("touchpoints/retire", &[("id", &tp)]).await.status(), StatusCode::OK);
    let resp = app.call("outputs/paste", &[("touchpoint_id", &tp), ("output", "Hello")]).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert!(resp.text().await.unwrap().contains("retired"));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&app.db().await).await.unwrap();
    assert_eq!(stored, 0, "nothing was stored");

    // 403: logged in, but the role may not.
    let password = app.add_member("Rita Reviewer", "rita@bakery.test", "reviewer").await;
    let rita = new_client();
    call_with(&rita, &app.address, "login", &[("email", "rita@bakery.test"), ("password", &password)]).await;
    let resp = call_with(&rita, &app.address, "team/list", &[]).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // 401: not logged in.
    let resp = call_with(&new_client(), &app.address, "touchpoints/list", &[("include_retired", "false")]).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    // 429: too many wrong passwords.
    let stranger = new_client();
    for _ in 0..5 {
        call_with(&stranger, &app.address, "login", &[("email", OWNER_EMAIL), ("password", "guess-guess-guess")]).await;
    }
    let resp =
        call_with(&stranger, &app.address, "login", &[("email", OWNER_EMAIL), ("password", OWNER_PASSWORD)]).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_api_answers_each_error_with_its_own_status_and_code() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let url = |path: &str| format!("{}/api/v1{path}", app.address);
    let code = |body: &Value| body["error"]["code"].as_str().unwrap_or_default().to_string();

    let resp = app
        .client
        .post(url("/outputs"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(&resp.json().await.unwrap()), "malformed_json");

    let resp = app.client.post(url("/outputs")).json(&json!({"output": "hi"})).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code(&resp.json().await.unwrap()), "unauthorized");

    let resp = app.client.get(url("/outputs/999")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(code(&resp.json().await.unwrap()), "not_found");

    let resp = app.client.get(url("/outputs")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(code(&resp.json().await.unwrap()), "method_not_allowed");

    let resp = app
        .client
        .post(url("/outputs"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(code(&resp.json().await.unwrap()), "unsupported_media_type");

    let resp = app.api_post("/api/v1/outputs", &token, &json!({"output": ""})).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.unwrap();
    assert_eq!((code(&body), body["error"]["field"].clone()), ("invalid_field".to_string(), json!("output")));

    // 413 (body_too_large) is checked in ingest.rs, on a connection of its own.
}
