//! Touchpoint server functions through HTTP: roles, validation, forms.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{call_with, error_text, new_client, spawn_app, TestApp};

const FORM: &[(&str, &str)] = &[
    ("input[name]", "Booking assistant"),
    ("input[kind]", "scheduling"),
    ("input[vendor]", "CalBot"),
    ("input[failure_rate_percent]", "5"),
    ("input[confidence_percent]", "95"),
    ("input[risk_builtins][1]", "dates"),
    ("input[risk_builtins][3]", "contact"),
    ("input[risk_rules]", "refund\n/\\d+ ?% off/"),
    ("input[checklist]", "Slot was free\nRight length"),
];

async fn create(app: &TestApp) -> Value {
    let resp = app.call("touchpoints/create", FORM).await;
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn owner_creates_from_the_form_with_defaults_filled_in() {
    let app = spawn_app().await;
    app.setup().await;
    let created = create(&app).await;
    assert!(created["token"].as_str().unwrap().starts_with("slt_"));
    let id = created["id"].to_string();
    let view: Value = app.call("touchpoints/get", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["row"]["stakes"], "high", "customer-facing scheduling defaults to high stakes");
    assert_eq!(view["row"]["policy"], "gate");
    assert_eq!(view["row"]["stage"], "pilot");
    assert_eq!(view["form"]["risk_builtins"], serde_json::json!(["dates", "contact"]));
    assert_eq!(view["checklist"], serde_json::json!(["Slot was free", "Right length"]));
    assert_eq!(view["form"]["confidence_percent"], "95");
}

#[tokio::test]
async fn bad_fields_get_422_naming_the_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    app.setup().await;
    for (key, value, field) in [
        ("input[name]", "", "name"),
        ("input[kind]", "fax", "kind"),
        ("input[failure_rate_percent]", "150", "failure_rate_percent"),
        ("input[confidence_percent]", "0", "confidence_percent"),
        ("input[risk_rules]", "/[unclosed/", "risk_rules"),
    ] {
        let mut form: Vec<(&str, &str)> = FORM.iter().filter(|(k, _)| *k != key).copied().collect();
        form.push((key, value));
        let resp = app.call("touchpoints/create", &form).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{key}={value}");
        let body = error_text(resp).await;
        assert!(body.contains(&format!("\"field\":\"{field}\"")), "{body}");
    }
    create(&app).await;
    let dup = app.call("touchpoints/create", FORM).await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(dup).await.contains("already a touchpoint called"));
    let list: Value = app.call("touchpoints/list", &[("include_retired", "true")]).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reviewers_read_but_cannot_create_edit_rotate_stage_or_retire() {
    let app = spawn_app().await;
    app.setup().await;
    let id = create(&app).await["id"].to_string();
    let pw = app.add_member("Rita", "rita@bakery.test", "reviewer").await;
    let rita = new_client();
    call_with(&rita, &app.address, "login", &[("email", "rita@bakery.test"), ("password", &pw)]).await;

    let list = call_with(&rita, &app.address, "touchpoints/list", &[("include_retired", "false")]).await;
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(call_with(&rita, &app.address, "touchpoints/get", &[("id", &id)]).await.status(), StatusCode::OK);

    let mut edit: Vec<(&str, &str)> = FORM.to_vec();
    edit.push(("id", &id));
    for (endpoint, fields) in [
        ("touchpoints/create", FORM.to_vec()),
        ("touchpoints/update", edit),
        ("touchpoints/rotate-token", vec![("id", id.as_str())]),
        ("touchpoints/stage", vec![("id", id.as_str()), ("stage", "trusted"), ("note", "")]),
        ("touchpoints/retire", vec![("id", id.as_str())]),
        ("onboarding/create", vec![("keys[0]", "chatbot")]),
    ] {
        let resp = call_with(&rita, &app.address, endpoint, &fields).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
    let view: Value = app.call("touchpoints/get", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["row"]["stage"], "pilot", "nothing changed");
    assert_eq!(view["row"]["retired"], false);
}

#[tokio::test]
async fn onboarding_turns_ticked_items_into_touchpoints() {
    let app = spawn_app().await;
    app.setup().await;
    let resp = app
        .call("onboarding/create", &[("keys[0]", "email-replies"), ("keys[3]", "scheduling"), ("keys[8]", "internal")])
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let made: Value = resp.json().await.unwrap();
    assert_eq!(made.as_array().unwrap().len(), 3);
    let list: Value = app.call("touchpoints/list", &[("include_retired", "false")]).await.json().await.unwrap();
    let summary: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().into(),
                t["stakes"].as_str().unwrap().into(),
                t["policy"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Booking and scheduling".to_string(), "high".to_string(), "both".to_string()),
            ("Customer email replies".into(), "high".into(), "gate".into()),
            ("Internal documents".into(), "low".into(), "sample".into()),
        ]
    );
    let none = app.call("onboarding/create", &[]).await;
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
