//! Model changes, pauses and resumptions move the inspection state, with an
//! alert for the owner, against a real SQLite file.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{review_week, setup};
use domain::{
    alerts,
    outputs::{Ingestor, NewOutput},
    sampling::{self, Inspection},
    touchpoints::{self, Stage},
    Actor, Db,
};

fn with_model(i: i64, model: &str) -> NewOutput {
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap() + Duration::minutes(i);
    NewOutput { model: Some(model.into()), ..NewOutput::plain(format!("Reply {i}"), format!("m{i}"), at) }
}

async fn open(dir: &tempfile::TempDir) -> Ingestor {
    Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap()
}

async fn alert_titles(db: &Db) -> Vec<String> {
    alerts::list(db, None, 50).await.unwrap().into_iter().map(|a| a.title).collect()
}

#[tokio::test]
async fn a_new_model_raises_one_alert_and_tightens_at_once() {
    let (db, dir, tp) = setup(0).await;
    let tp = touchpoints::get(&db, tp).await.unwrap();
    let ingest = open(&dir).await;
    // The first model ever seen is not a change.
    ingest.many(&tp, &[with_model(0, "gpt-4o"), with_model(1, "gpt-4o")]).await.unwrap();
    assert!(alert_titles(&db).await.is_empty());
    assert_eq!(sampling::current_state(&db, tp.id).await.unwrap(), Inspection::Normal);

    // One at a time through the group writer, as the API does.
    ingest.one(&tp, &with_model(2, "gpt-5")).await.unwrap();
    ingest.one(&tp, &with_model(3, "gpt-5")).await.unwrap();
    assert_eq!(alert_titles(&db).await, ["Replies: model changed from gpt-4o to gpt-5 on 24 November 2026"]);
    assert_eq!(sampling::current_state(&db, tp.id).await.unwrap(), Inspection::Tightened);
    let moves = sampling::moves(&db, tp.id).await.unwrap();
    assert_eq!((moves.len(), moves[0].reason.as_str()), (1, "a new model or version was seen"));
    let changes = sampling::model_changes(&db, tp.id).await.unwrap();
    assert_eq!((changes[0].from_model.as_deref(), changes[0].to_model.as_deref()), (Some("gpt-4o"), Some("gpt-5")));

    // The week's draw is doubled: 4 outputs, all drawn.
    let drawn = sampling::draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    assert_eq!(drawn[0].inspection, Inspection::Tightened);
    assert_eq!(drawn[0].planned, 118, "a pilot is drawn at 95% confidence (59), doubled");
}

#[tokio::test]
async fn an_announced_update_tightens_and_alerts_each_time() {
    let (db, _dir, tp) = setup(3).await;
    let owner = domain::users::get(&db, 1).await.unwrap().actor();
    sampling::announce_update(&db, &owner, tp, "Vendor email: new version on Monday").await.unwrap();
    assert_eq!(sampling::current_state(&db, tp).await.unwrap(), Inspection::Tightened);
    assert_eq!(alert_titles(&db).await, ["Replies: the vendor announced an update (o@bakery.test)"]);
    let too_long = "x".repeat(501);
    assert!(sampling::announce_update(&db, &owner, tp, &too_long).await.is_err());
}

#[tokio::test]
async fn five_bad_weeks_under_tightened_pause_the_touchpoint_until_an_owner_resumes() {
    let (db, dir, tp) = setup(0).await;
    let tp = touchpoints::get(&db, tp).await.unwrap();
    let ingest = open(&dir).await;
    for week in 40..=46 {
        review_week(&db, &ingest, &tp, &format!("2026-W{week}"), "fail", 2).await;
    }
    // The draw of week 47 replays the 7 failed weeks: tightened after 2, paused after 5 more.
    let drawn = sampling::draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!((drawn[0].inspection, drawn[0].drawn), (Inspection::Paused, 0));
    let tp_now = touchpoints::get(&db, tp.id).await.unwrap();
    assert_eq!(tp_now.stage, Stage::Paused);
    let titles = alert_titles(&db).await;
    assert_eq!(titles.len(), 1);
    assert!(titles[0].starts_with("Replies was paused: 5 weeks were not accepted"), "{titles:?}");
    let history = touchpoints::stage_history(&db, tp.id).await.unwrap();
    assert_eq!((history[0].to_stage, history[0].actor.as_str()), (Stage::Paused, "Second Look"));

    // Drawing again neither alerts nor pauses twice.
    sampling::draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    assert_eq!(alert_titles(&db).await.len(), 1);

    // The owner resumes it: checks restart tightened.
    let owner = domain::users::get(&db, 1).await.unwrap().actor();
    domain::sampling::set_stage(&db, &owner, tp.id, Stage::Pilot, "vendor fixed the prompt").await.unwrap();
    assert_eq!(sampling::current_state(&db, tp.id).await.unwrap(), Inspection::Tightened);
    let moves = sampling::moves(&db, tp.id).await.unwrap();
    assert_eq!(moves[0].reason, "the owner resumed the touchpoint: checks restart tightened");
}

#[tokio::test]
async fn alerts_are_acknowledged_once_with_a_note() {
    let (db, _dir, tp) = setup(0).await;
    let owner = domain::users::get(&db, 1).await.unwrap().actor();
    sampling::announce_update(&db, &owner, tp, "").await.unwrap();
    let alert = alerts::list(&db, Some(tp), 10).await.unwrap().remove(0);
    assert_eq!(alerts::open_count(&db).await.unwrap(), 1);
    alerts::acknowledge(&db, &owner, alert.id, "Checked ten replies, fine").await.unwrap();
    let seen = alerts::list(&db, None, 10).await.unwrap().remove(0);
    assert_eq!(
        (seen.acknowledged_by.as_deref(), seen.ack_note.as_deref()),
        (Some("O"), Some("Checked ten replies, fine"))
    );
    assert_eq!(alerts::open_count(&db).await.unwrap(), 0);
    assert!(matches!(alerts::acknowledge(&db, &owner, alert.id, "").await, Err(domain::DomainError::Conflict(_))));
    assert!(matches!(alerts::acknowledge(&db, &owner, 999, "").await, Err(domain::DomainError::NotFound(_))));
    assert!(matches!(
        alerts::acknowledge(&db, &Actor::System, alert.id, "").await,
        Err(domain::DomainError::Forbidden(_))
    ));
}

#[tokio::test]
async fn weeks_follow_the_business_week_start() {
    let (db, _dir, tp) = setup(0).await;
    let owner = domain::users::get(&db, 1).await.unwrap().actor();
    let settings = |week_start: &str| domain::business::SettingsInput {
        name: "Bakery".into(),
        timezone: "Europe/London".into(),
        week_start: week_start.into(),
        ..Default::default()
    };
    domain::business::update(&db, &owner, &settings("sunday")).await.unwrap();
    assert!(domain::business::update(&db, &owner, &settings("someday")).await.is_err());
    let tp = touchpoints::get(&db, tp).await.unwrap();
    // Sunday 22 November belongs to 2026-W48 when weeks start on Sunday; Sunday 29th does not.
    let sunday = |d: u32, i: i64| {
        NewOutput::plain(format!("s{d}"), format!("s{d}-{i}"), Utc.with_ymd_and_hms(2026, 11, d, 12, 0, 0).unwrap())
    };
    Ingestor::open(&format!("sqlite://{}/s.db", _dir.path().display()))
        .await
        .unwrap()
        .many(&tp, &[sunday(22, 0), sunday(29, 1)])
        .await
        .unwrap();
    let drawn = sampling::draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    assert_eq!(drawn[0].population, 1);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'business.update'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}
