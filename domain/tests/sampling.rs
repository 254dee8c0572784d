//! Drawing weekly samples against a real SQLite file.

mod common;

use common::setup;
use domain::{
    sampling::{draw_week, Week},
    Db,
};

async fn queue(db: &Db) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT output_id, reason FROM review_items ORDER BY output_id").fetch_all(db).await.unwrap()
}

#[tokio::test]
async fn a_week_is_drawn_once_reproducibly_with_flagged_outputs() {
    let week: Week = "2026-W48".parse().unwrap();
    let (db, _d1, _) = setup(200).await;
    let first = draw_week(&db, week).await.unwrap();
    // A new touchpoint is a pilot: 95% confidence, 59 checks.
    assert_eq!((first[0].population, first[0].planned, first[0].drawn), (200, 59, 59));
    assert!(first[0].new && !first[0].top_up);
    let items = queue(&db).await;
    let flagged: Vec<_> = items.iter().filter(|(_, r)| r.contains("flagged")).collect();
    assert_eq!(flagged.len(), 1);
    assert!(flagged[0].1.contains("mentions \"refund\""), "{}", flagged[0].1);
    assert!(items.len() == 59 || items.len() == 60, "59 random plus the flagged one unless it was drawn anyway");

    // Drawing again changes nothing.
    let again = draw_week(&db, week).await.unwrap();
    assert!(!again[0].new);
    assert_eq!(queue(&db).await, items);

    // The same history in another database draws the same outputs.
    let (other, _d2, _) = setup(200).await;
    draw_week(&other, week).await.unwrap();
    assert_eq!(queue(&other).await, items);

    // Sampled outputs say so; the others stay received.
    let sampled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outputs WHERE status = 'sampled'").fetch_one(&db).await.unwrap();
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

#[tokio::test]
async fn failing_weeks_tighten_the_next_sample_and_the_move_is_recorded() {
    let (db, _d, tp) = setup(0).await;
    let tp = domain::touchpoints::get(&db, tp).await.unwrap();
    let ingest = domain::outputs::Ingestor::open(&format!("sqlite://{}/s.db", _d.path().display())).await.unwrap();
    // Two weeks in which every reviewed output fails.
    for week in ["2026-W46", "2026-W47"] {
        common::review_week(&db, &ingest, &tp, week, "fail", 3).await;
    }
    let drawn = draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    assert_eq!(drawn[0].inspection, domain::sampling::Inspection::Tightened);
    let moves = domain::sampling::moves(&db, tp.id).await.unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(
        (moves[0].week.as_str(), moves[0].reason.as_str()),
        ("2026-W47", "2 of the last 5 weeks were not accepted")
    );
    // Drawing again records nothing twice.
    draw_week(&db, "2026-W49".parse().unwrap()).await.unwrap();
    assert_eq!(domain::sampling::moves(&db, tp.id).await.unwrap().len(), 1);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'touchpoint.inspection'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}
