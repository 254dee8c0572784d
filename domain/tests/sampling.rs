//! Drawing weekly samples against a real SQLite file.

use chrono::{Duration, TimeZone, Utc};
use domain::{
    business,
    outputs::{Ingestor, NewOutput, Source},
    sampling::{draw_week, Week},
    touchpoints::{self, TouchpointInput},
    Actor, Db,
};

async fn setup(outputs_in_week: usize) -> (Db, tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/s.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let owner = business::Setup {
        business_name: "Bakery".into(),
        timezone: "Europe/London".into(),
        owner_email: "o@bakery.test".into(),
        owner_name: "O".into(),
        owner_password: "long-enough-pw".into(),
    };
    business::setup(&db, &Actor::Cli, owner).await.unwrap();
    let input = TouchpointInput { name: "Replies".into(), kind: "email".into(), policy: "sample".into(), risk_rules: "refund".into(), ..Default::default() };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let items: Vec<NewOutput> = (0..outputs_in_week)
        .map(|i| NewOutput {
            output: if i == 7 { "We will refund you".into() } else { format!("Reply {i}") },
            input: None,
            external_id: Some(format!("e{i}")),
            produced_at: monday + Duration::minutes(i as i64),
            model: None,
            metadata: None,
            booking: None,
            source: Source::Api,
            submitted_by: None,
        })
        .collect();
    Ingestor::open(&url).await.unwrap().many(&tp, &items).await.unwrap();
    (db, dir, tp.id)
}

async fn queue(db: &Db) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT output_id, reason FROM review_items ORDER BY output_id").fetch_all(db).await.unwrap()
}

#[tokio::test]
async fn a_week_is_drawn_once_reproducibly_with_flagged_outputs() {
    let week: Week = "2026-W48".parse().unwrap();
    let (db, _d1, _) = setup(200).await;
    let first = draw_week(&db, week).await.unwrap();
    assert_eq!((first[0].population, first[0].planned, first[0].drawn), (200, 45, 45));
    assert!(first[0].new);
    let items = queue(&db).await;
    let flagged: Vec<_> = items.iter().filter(|(_, r)| r.contains("flagged")).collect();
    assert_eq!(flagged.len(), 1);
    assert!(flagged[0].1.contains("mentions \"refund\""), "{}", flagged[0].1);
    assert!(items.len() == 45 || items.len() == 46, "45 random plus the flagged one unless it was drawn anyway");

    // Drawing again changes nothing.
    let again = draw_week(&db, week).await.unwrap();
    assert!(!again[0].new);
    assert_eq!(queue(&db).await, items);

    // The same history in another database draws the same outputs.
    let (other, _d2, _) = setup(200).await;
    draw_week(&other, week).await.unwrap();
    assert_eq!(queue(&other).await, items);

    // Sampled outputs say so; the others stay received.
    let sampled: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs WHERE status = 'sampled'").fetch_one(&db).await.unwrap();
    assert_eq!(sampled as usize, items.len());
}

#[tokio::test]
async fn a_quiet_week_is_checked_in_full_and_other_weeks_are_untouched() {
    let (db, _d, _) = setup(30).await;
    let drawn = draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    assert_eq!((drawn[0].population, drawn[0].drawn), (30, 30), "never more than the week's outputs");
    let empty = draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!((empty[0].population, empty[0].drawn), (0, 0));
    assert_eq!(queue(&db).await.len(), 30);
}
