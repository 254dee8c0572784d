//! A scheduling touchpoint's bookings from a CSV: the booking columns are
//! guessed from their headers, times read on the business's clock, and an
//! overlapping pair raises the same double-booking alert as the API.

mod common;

use domain::{
    imports::jobs,
    outputs::Ingestor,
    touchpoints::{self, TouchpointInput, Validate as _},
    Actor,
};

#[tokio::test]
async fn bookings_from_a_file_go_through_the_double_booking_check() {
    let (db, dir, _) = common::setup(0).await;
    let input = TouchpointInput {
        name: "Tables".into(),
        kind: "scheduling".into(),
        policy: "sample".into(),
        ..Default::default()
    };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let ingestor = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let csv = "Booking ID;Table;Start;End;Guest name\n\
               b1;Table 4;01.12.2026 19:00;01.12.2026 21:00;Sam\n\
               b2;Table 4;01.12.2026 20:00;01.12.2026 22:00;Alex\n\
               b3;Table 5;01.12.2026 20:00;01.12.2026 22:00;Kim\n";
    let id = jobs::upload(&db, tp.id, 1, vec![("tables.csv".into(), csv.as_bytes().to_vec())]).await.unwrap();
    let preview = jobs::status(&db, id).await.unwrap();
    assert!(preview.bookings);
    assert_eq!(
        (preview.delimiter.as_str(), preview.guess.resource.as_str(), preview.guess.starts_at.as_str()),
        ("semicolon", "Table", "Start")
    );
    assert_eq!((preview.guess.ends_at.as_str(), preview.guess.customer.as_str()), ("End", "Guest name"));
    jobs::start(&db, &ingestor, id, preview.guess).await.unwrap();
    let mut status = jobs::status(&db, id).await.unwrap();
    for _ in 0..100 {
        if status.status != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        status = jobs::status(&db, id).await.unwrap();
    }
    assert_eq!((status.status.as_str(), status.stored), ("done", 3), "{status:?}");
    let starts: Vec<(String, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "SELECT external_id, booking_resource, booking_starts_at FROM outputs WHERE touchpoint_id = ? ORDER BY id",
    )
    .bind(tp.id)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!((starts[0].0.as_str(), starts[0].1.as_str()), ("b1", "Table 4"));
    assert_eq!(starts[0].2.to_rfc3339(), "2026-12-01T19:00:00+00:00", "19:00 in London in December");
    let conflicts: Vec<String> =
        sqlx::query_scalar("SELECT title FROM alerts WHERE kind = 'conflict'").fetch_all(&db).await.unwrap();
    assert_eq!(conflicts.len(), 1, "b1 and b2 overlap at Table 4; b3 is elsewhere: {conflicts:?}");
}
