//! Touchpoint storage against a real SQLite file.

use domain::touchpoints::Validate as _;

use domain::{
    touchpoints::{self, templates, Stage, TouchpointInput},
    Actor, Db, DomainError,
};

async fn db() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = domain::db::open_and_migrate(&format!("sqlite://{}/t.db", dir.path().display())).await.unwrap();
    (db, dir)
}

fn input(name: &str, kind: &str) -> TouchpointInput {
    TouchpointInput { name: name.into(), kind: kind.into(), ..Default::default() }
}

async fn audit_actions(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id").fetch_all(db).await.unwrap()
}

#[tokio::test]
async fn create_stores_settings_and_a_hashed_token() {
    let (db, _dir) = db().await;
    let created = touchpoints::create(&db, &Actor::Cli, input("Replies", "email").validate().unwrap()).await.unwrap();
    assert!(created.token.starts_with("slt_") && created.token.len() > 60);
    let stored: String = sqlx::query_scalar("SELECT ingest_token_hash FROM touchpoints").fetch_one(&db).await.unwrap();
    assert_ne!(stored, created.token, "only a hash is stored");
    assert_eq!(stored, domain::tokens::hash(&created.token));
    let found = touchpoints::find_by_token(&db, &created.token).await.unwrap().unwrap();
    assert_eq!(found.id, created.touchpoint.id);
    assert_eq!(found.stage, Stage::Pilot);
    assert_eq!(audit_actions(&db).await, ["touchpoint.create"]);
}

#[tokio::test]
async fn duplicate_names_are_refused_whatever_the_case() {
    let (db, _dir) = db().await;
    touchpoints::create(&db, &Actor::Cli, input("Replies", "email").validate().unwrap()).await.unwrap();
    let err = touchpoints::create(&db, &Actor::Cli, input("REPLIES", "chatbot").validate().unwrap()).await.unwrap_err();
    assert!(matches!(err, DomainError::Invalid { field: "name", .. }), "{err:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM touchpoints").fetch_one(&db).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn updates_and_stage_changes_are_audited_with_history() {
    let (db, _dir) = db().await;
    let id = touchpoints::create(&db, &Actor::Cli, input("Replies", "email").validate().unwrap())
        .await
        .unwrap()
        .touchpoint
        .id;
    let mut changed = input("Replies", "email");
    changed.guidelines = "Be kind.".into();
    changed.checklist = "Polite\nCorrect".into();
    let after = touchpoints::update(&db, &Actor::System, id, changed.validate().unwrap()).await.unwrap();
    assert_eq!(after.settings.checklist, ["Polite", "Correct"]);

    domain::sampling::set_stage(&db, &Actor::Cli, id, Stage::Expanding, "two clean weeks").await.unwrap();
    let history = touchpoints::stage_history(&db, id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!((history[0].from_stage, history[0].to_stage), (Some(Stage::Pilot), Stage::Expanding));
    assert_eq!(history[0].note, "two clean weeks");
    assert_eq!(audit_actions(&db).await, ["touchpoint.create", "touchpoint.update", "touchpoint.stage"]);
    let before: String = sqlx::query_scalar("SELECT before_json FROM audit_log WHERE action = 'touchpoint.update'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(before.contains("\"guidelines\":\"\""), "{before}");
}

#[tokio::test]
async fn a_rotated_token_replaces_the_old_one_at_once() {
    let (db, _dir) = db().await;
    let created = touchpoints::create(&db, &Actor::Cli, input("Bot", "chatbot").validate().unwrap()).await.unwrap();
    let new = touchpoints::rotate_token(&db, &Actor::Cli, created.touchpoint.id).await.unwrap();
    assert_ne!(new, created.token);
    assert!(touchpoints::find_by_token(&db, &created.token).await.unwrap().is_none());
    assert!(touchpoints::find_by_token(&db, &new).await.unwrap().is_some());

    touchpoints::retire(&db, &Actor::Cli, created.touchpoint.id).await.unwrap();
    assert!(touchpoints::find_by_token(&db, &new).await.unwrap().is_none(), "retired touchpoints take nothing");
    assert!(touchpoints::list(&db, false).await.unwrap().is_empty());
    assert_eq!(touchpoints::list(&db, true).await.unwrap().len(), 1);
}

#[tokio::test]
async fn onboarding_creates_all_or_nothing() {
    let (db, _dir) = db().await;
    touchpoints::create(&db, &Actor::Cli, input("Website chatbot", "chatbot").validate().unwrap()).await.unwrap();
    let all: Vec<_> = ["email-replies", "chatbot"].iter().map(|k| templates::find(k).unwrap().settings()).collect();
    assert!(touchpoints::create_many(&db, &Actor::Cli, all).await.is_err(), "the second clashes by name");
    assert_eq!(touchpoints::list(&db, true).await.unwrap().len(), 1, "the first was rolled back");
}
