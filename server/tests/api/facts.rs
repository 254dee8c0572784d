//! Business facts and the fact checks, end to end over HTTP: the owner's
//! form (audited, bad parts refused by field), findings in the ingest
//! answer and from POST /api/v1/check, and a flagged output in the review
//! queue at once without moving the random sample's figures.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

const FACTS: &[(&str, &str)] = &[
    ("input[currency]", "GBP"),
    ("input[prices]", "Sourdough loaf, 5.20, per loaf, large sourdough\nBaguette, 2.50"),
    ("input[hours][0]", "08:00-17:00"),
    ("input[hours][1]", "08:00-17:00"),
    ("input[hours][2]", "08:00-17:00"),
    ("input[hours][3]", "08:00-17:00"),
    ("input[hours][4]", "08:00-17:00"),
    ("input[hours][5]", "09:00-13:00"),
    ("input[phones]", "020 7946 0123"),
    ("input[domains]", "cornerbakery.co.uk"),
    ("input[not_offered]", "delivery"),
    ("input[forbidden]", "refund\nguarantee"),
];

#[tokio::test]
async fn the_owner_writes_the_facts_and_every_change_is_audited() {
    let app = spawn_app().await;
    app.setup().await;
    assert_eq!(app.call("facts/update", FACTS).await.status(), StatusCode::OK);
    let shown: Value = app.call("facts/get", &[]).await.json().await.unwrap();
    assert_eq!(shown["currency"], "GBP");
    assert!(shown["prices"].as_str().unwrap().contains("Sourdough loaf, 5.20, per loaf, large sourdough"), "{shown}");
    assert_eq!(shown["hours"][5], "09:00-13:00");
    assert_eq!(shown["hours"][6], "");

    let log: Value = app.call("audit/list", &[]).await.json().await.unwrap();
    assert_eq!(log[0]["action"], "facts.update");
    assert!(log[0]["after_json"].as_str().unwrap().contains("Sourdough loaf"));

    // Facts that cannot be used are refused beside their field; nothing changes.
    for (field, value, named) in [
        ("input[prices]", "Loaf, five pounds", "prices"),
        ("input[hours][0]", "17:00-09:00", "hours"),
        ("input[domains]", "not a domain", "domains"),
    ] {
        let resp = app.call("facts/update", &[(field, value)]).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["Invalid"]["field"], named, "{body}");
    }
    let again: Value = app.call("facts/get", &[]).await.json().await.unwrap();
    assert_eq!(again, shown, "nothing was stored");
}

#[tokio::test]
async fn the_api_answers_with_findings_and_the_check_endpoint_stores_nothing() {
    let app = spawn_app().await;
    app.setup().await;
    app.call("facts/update", FACTS).await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;

    let bad = "Hi Ann, a sourdough loaf is £4.50 today and we will refund you. Call 020 7946 0999.";
    let resp =
        app.api_post("/api/v1/outputs", &token, &json!({"output": bad, "produced_at": "2026-11-24T10:00:00Z"})).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let stored: Value = resp.json().await.unwrap();
    let checks: Vec<&str> =
        stored["findings"].as_array().unwrap().iter().map(|f| f["check"].as_str().unwrap()).collect();
    assert_eq!(checks, ["price", "promise", "contact"], "{stored}");
    let price = &stored["findings"][0];
    let (start, end) = (price["start"].as_u64().unwrap() as usize, price["end"].as_u64().unwrap() as usize);
    assert_eq!(&bad[start..end], "£4.50");
    assert_eq!(price["message"], "£4.50 for Sourdough loaf; the price list says £5.20");

    let good = "Hi Ann, a sourdough loaf is £5.20. We do not offer refunds on bread. Call 020 7946 0123.";
    let resp =
        app.api_post("/api/v1/outputs", &token, &json!({"output": good, "produced_at": "2026-11-24T11:00:00Z"})).await;
    let stored_good: Value = resp.json().await.unwrap();
    assert_eq!(stored_good["findings"], json!([]), "{stored_good}");

    let resp = app.api_post("/api/v1/check", &token, &json!({"output": bad})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let checked: Value = resp.json().await.unwrap();
    assert_eq!(checked["findings"].as_array().unwrap().len(), 3);
    let resp = app.api_post("/api/v1/check", &token, &json!({"output": good})).await;
    assert_eq!(resp.json::<Value>().await.unwrap()["findings"], json!([]));
    let resp = app.api_post("/api/v1/check", &token, &json!({"output": ""})).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let db = app.db().await;
    let outputs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&db).await.unwrap();
    assert_eq!(outputs, 2, "the check endpoint stored nothing");
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/check"]["post"].is_object());
    assert!(doc["components"]["schemas"]["Finding"].is_object());
}

#[tokio::test]
async fn a_flagged_output_is_queued_at_once_outside_the_random_sample() {
    let app = spawn_app().await;
    app.setup().await;
    app.call("facts/update", FACTS).await;
    let (tp, token) = app.touchpoint("Replies", "email", "sample").await;
    let bad = "A baguette is £3.10 today.";
    let stored: Value = app
        .api_post("/api/v1/outputs", &token, &json!({"output": bad, "produced_at": "2026-11-24T10:00:00Z"}))
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_i64().unwrap();

    let db = app.db().await;
    let (reason, random): (String, bool) =
        sqlx::query_as("SELECT reason, random FROM review_items WHERE output_id = ?")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((reason.as_str(), random), ("fact check: price", false));
    let progress: Value = app.call("reviews/progress", &[]).await.json().await.unwrap();
    assert_eq!(progress["total"], 1, "in the queue before any draw: {progress}");

    // The reviewer fails it: the random sample's figures do not move.
    let item = progress["next"].as_i64().unwrap().to_string();
    let opened: Value = app.call("reviews/item", &[("id", &item)]).await.json().await.unwrap();
    assert_eq!(opened["findings"][0]["check"], "price");
    app.call("reviews/verdict", &[("item_id", &item), ("verdict", "fail"), ("note", "wrong price")]).await;
    let (failures, flagged_failures): (i64, i64) =
        sqlx::query_as("SELECT failures, flagged_failures FROM review_weeks WHERE touchpoint_id = ?")
            .bind(tp)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((failures, flagged_failures), (0, 1));
}

#[tokio::test]
async fn owners_choose_which_checks_a_touchpoint_runs() {
    let app = spawn_app().await;
    app.setup().await;
    app.call("facts/update", FACTS).await;
    let (tp, token) = app.touchpoint("Bookings", "scheduling", "sample").await;
    let view: Value = app.call("touchpoints/get", &[("id", &tp.to_string())]).await.json().await.unwrap();
    assert_eq!(
        view["checks"],
        json!(["hours", "contact", "private_data", "promise", "language"]),
        "no prices for a booking tool"
    );
    assert_eq!(view["checks_chosen"], false);

    let resp = app.call("touchpoints/checks", &[("id", &tp.to_string()), ("checks[0]", "price")]).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let view: Value = app.call("touchpoints/get", &[("id", &tp.to_string())]).await.json().await.unwrap();
    assert_eq!((view["checks"].clone(), view["checks_chosen"].clone()), (json!(["price"]), json!(true)));
    let stored: Value = app
        .api_post(
            "/api/v1/outputs",
            &token,
            &json!({"output": "Booked! We will refund any deposit.", "produced_at": "2026-11-24T10:00:00Z"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["findings"], json!([]), "the promise check is off now");
    let resp = app.call("touchpoints/checks", &[("id", &tp.to_string()), ("checks[0]", "spelling")]).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
