//! The ingest API: every status code, idempotency under concurrency, batch
//! atomicity and token isolation.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&app.db().await).await.unwrap()
}

async fn error_of(resp: reqwest::Response) -> Value {
    resp.json::<Value>().await.unwrap()["error"].clone()
}

#[tokio::test]
async fn one_output_is_stored_once_and_its_status_follows_the_policy() {
    let app = spawn_app().await;
    let (_, gated) = app.touchpoint("Replies", "email", "gate").await;
    let (_, sampled) = app.touchpoint("Notes", "other", "sample").await;

    let body = json!({"output": "Thanks, your order ships Monday.", "input": "Where is my order?", "external_id": "m-1", "model": "gpt-5"});
    let resp = app.api_post("/api/v1/outputs", &gated, &body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let first: Value = resp.json().await.unwrap();
    assert_eq!(first["status"], "pending");
    assert_eq!(first["duplicate"], false);

    let again = app.api_post("/api/v1/outputs", &gated, &body).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!((again["id"].clone(), again["duplicate"].clone()), (first["id"].clone(), json!(true)));

    let other = app.api_post("/api/v1/outputs", &sampled, &json!({"output": "x", "external_id": "m-1"})).await;
    assert_eq!(other.status(), StatusCode::CREATED, "external ids are per touchpoint");
    assert_eq!(other.json::<Value>().await.unwrap()["status"], "received");
    assert_eq!(count(&app).await, 2);

    let stored: (String, i64, String) = sqlx::query_as(
        "SELECT content_hash, length, source FROM outputs WHERE external_id = 'm-1' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db().await)
    .await
    .unwrap();
    assert_eq!(stored.0.len(), 64);
    assert_eq!(stored.1, "Thanks, your order ships Monday.".chars().count() as i64);
    assert_eq!(stored.2, "api");
}

#[tokio::test]
async fn concurrent_retries_of_one_external_id_store_one_row() {
    let app = spawn_app().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let body = json!({"output": "Same", "external_id": "retry-me"});
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..24 {
        let request = app.client.post(format!("{}/api/v1/outputs", app.address)).bearer_auth(&token).json(&body);
        calls.spawn(async move {
            let r = request.send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap()["id"].as_i64().unwrap())
        });
    }
    let mut ids = std::collections::HashSet::new();
    let mut created = 0;
    while let Some(answer) = calls.join_next().await {
        let (status, id) = answer.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            other => assert_eq!(other, StatusCode::OK),
        }
        ids.insert(id);
    }
    assert_eq!(created, 1, "exactly one request stored it");
    assert_eq!(ids.len(), 1, "every answer names the same output");
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn a_batch_with_one_bad_item_stores_nothing_and_lists_every_bad_item() {
    let app = spawn_app().await;
    let (_, token) = app.touchpoint("Bookings", "scheduling", "sample").await;
    let body = json!({"outputs": [
        {"output": "ok 1", "external_id": "b-1"},
        {"output": ""},
        {"output": "ok 2", "booking": {"resource": "Room A", "starts_at": "2026-11-27T10:00:00Z"}},
        {"output": "ok 3", "produced_at": "tuesday"},
    ]});
    let resp = app.api_post("/api/v1/outputs/batch", &token, &body).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = error_of(resp).await;
    assert_eq!(err["code"], "invalid_items");
    let items: Vec<(i64, String)> = err["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["index"].as_i64().unwrap(), i["field"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(items, [(1, "output".to_string()), (2, "booking.ends_at".into()), (3, "produced_at".into())]);
    assert_eq!(count(&app).await, 0, "nothing stored");

    let good: Vec<Value> =
        (0..1000).map(|i| json!({"output": format!("item {i}"), "external_id": format!("g-{i}")})).collect();
    let resp = app.api_post("/api/v1/outputs/batch", &token, &json!({"outputs": good})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let results = resp.json::<Value>().await.unwrap()["results"].as_array().unwrap().len();
    assert_eq!(results, 1000);
    assert_eq!(count(&app).await, 1000);

    let too_many: Vec<Value> = (0..1001).map(|i| json!({"output": format!("{i}")})).collect();
    let resp = app.api_post("/api/v1/outputs/batch", &token, &json!({"outputs": too_many})).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_of(resp).await["message"].as_str().unwrap().contains("at most 1000"));
}

#[tokio::test]
async fn every_client_mistake_has_its_status_and_a_json_error() {
    let app = spawn_app().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let url = format!("{}/api/v1/outputs", app.address);
    let post = |body: String, ctype: &'static str| {
        app.client.post(&url).bearer_auth(&token).header("content-type", ctype).body(body).send()
    };

    let r = post("{\"output\": ".into(), "application/json").await.unwrap();
    assert_eq!((r.status(), error_of(r).await["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_json")));

    let r = post("output=hi".into(), "application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(
        (r.status(), error_of(r).await["code"].clone()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, json!("unsupported_media_type"))
    );

    // The server answers 413 without reading the body and closes that
    // connection, so this call gets a client of its own.
    let huge = json!({"output": "x".repeat(300 * 1024)}).to_string();
    let r = reqwest::Client::new()
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status(), error_of(r).await["code"].clone()),
        (StatusCode::PAYLOAD_TOO_LARGE, json!("body_too_large"))
    );

    let r = post(json!({"output": "x", "produced_at": 12}).to_string(), "application/json").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = error_of(r).await;
    assert_eq!((e["code"].clone(), e["field"].clone()), (json!("invalid_field"), json!("produced_at")));

    let r = app.client.post(&url).json(&json!({"output": "x"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let r = app.client.post(&url).bearer_auth("slt_nope").json(&json!({"output": "x"})).send().await.unwrap();
    assert_eq!((r.status(), error_of(r).await["code"].clone()), (StatusCode::UNAUTHORIZED, json!("unauthorized")));

    let r = app.client.get(format!("{}/api/v1/nothing-here", app.address)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.client.delete(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn a_token_sees_only_its_own_touchpoints_outputs() {
    let app = spawn_app().await;
    let (tp_a, token_a) = app.touchpoint("A", "email", "sample").await;
    let (_, token_b) = app.touchpoint("B", "email", "sample").await;
    let id = app
        .api_post("/api/v1/outputs", &token_a, &json!({"output": "secret", "external_id": "x"}))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let get = |token: String| app.client.get(format!("{}/api/v1/outputs/{id}", app.address)).bearer_auth(token).send();
    let mine = get(token_a.clone()).await.unwrap();
    assert_eq!(mine.status(), StatusCode::OK);
    let mine: Value = mine.json().await.unwrap();
    assert_eq!((mine["status"].clone(), mine["external_id"].clone()), (json!("received"), json!("x")));
    let theirs = get(token_b).await.unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    assert!(!theirs.text().await.unwrap().contains("secret"));

    // A renewed token stops the old one at once.
    let new = domain::touchpoints::rotate_token(&app.db().await, &domain::Actor::Cli, tp_a).await.unwrap();
    assert_eq!(get(token_a).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get(new).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/api/v1/outputs", "/api/v1/outputs/batch", "/api/v1/outputs/{id}"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["ingest_token"]["scheme"], "bearer");
    assert!(doc["paths"]["/api/v1/outputs"]["post"]["responses"]["422"].is_object());
}

#[tokio::test]
async fn a_pasted_output_remembers_who_pasted_it() {
    let app = spawn_app().await;
    app.setup().await;
    let (tp, _) = app.touchpoint("Replies", "email", "sample").await;
    let tp = tp.to_string();
    let resp = app
        .call("outputs/paste", &[("touchpoint_id", &tp), ("output", "Thanks for asking!"), ("input", "Open late?")])
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let (source, by): (String, Option<i64>) =
        sqlx::query_as("SELECT source, submitted_by FROM outputs").fetch_one(&app.db().await).await.unwrap();
    assert_eq!((source.as_str(), by), ("paste", Some(1)));

    let blank = app.call("outputs/paste", &[("touchpoint_id", &tp), ("output", "  ")]).await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = crate::helpers::new_client();
    let resp =
        crate::helpers::call_with(&stranger, &app.address, "outputs/paste", &[("touchpoint_id", &tp), ("output", "x")])
            .await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn once_reviewed_the_status_shows_the_verdict_and_corrected_text() {
    let app = spawn_app().await;
    app.setup().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let body = json!({"output": "Our cake costs 21 pounds", "produced_at": "2026-11-24T10:00:00Z"});
    let id =
        app.api_post("/api/v1/outputs", &token, &body).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let db = app.db().await;
    domain::sampling::draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let owner = domain::users::get(&db, 1).await.unwrap();
    let item = domain::reviews::next_item(&db, owner.id).await.unwrap().unwrap();
    let verdict = domain::reviews::VerdictInput {
        verdict: "needs_fix".into(),
        categories: vec!["wrong_number".into()],
        corrected_text: "Our cake costs 12 pounds".into(),
        ..Default::default()
    };
    domain::reviews::submit(&db, &owner, item, verdict).await.unwrap();
    let seen: Value = app
        .client
        .get(format!("{}/api/v1/outputs/{id}", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["status"], "sampled");
    assert_eq!(seen["verdict"], "needs_fix");
    assert_eq!(seen["corrected_text"], "Our cake costs 12 pounds");
}
