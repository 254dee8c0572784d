//! The monthly review and the dashboard's lines are remembered between
//! requests (`domain::memo`); every kind of write they read shows in the
//! next one, whichever connection wrote.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{review_week, setup};
use domain::{
    monthly::{decide, month_review, Decision, Month},
    outputs::{Ingestor, NewOutput},
    privacy::Person,
    touchpoints, Actor,
};

#[tokio::test]
async fn the_remembered_review_follows_every_write() {
    let (db, dir, id) = setup(0).await;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let owner = domain::users::get(&db, 1).await.unwrap();
    let tp = touchpoints::get(&db, id).await.unwrap();
    let nov: Month = "2026-11".parse().unwrap();

    let empty = month_review(&db, nov).await.unwrap();
    assert_eq!(month_review(&db, nov).await.unwrap(), empty, "nothing changed, the same review");
    assert!(empty.touchpoints[0].failures.is_empty());

    // Verdicts (through another connection's outputs and the draw).
    review_week(&db, &ingest, &tp, "2026-W46", "fail", 70).await;
    let reviewed = month_review(&db, nov).await.unwrap();
    let line = &reviewed.touchpoints[0];
    assert_ne!(line.numbers, empty.touchpoints[0].numbers);
    assert!(!line.failures.is_empty() && !line.lessons.is_empty());
    assert_eq!(line.weeks.iter().find(|w| w.week == "2026-W46").map(|w| w.outputs), Some(70));

    // Outputs alone, from the other connection: the week's count moves.
    let at = Utc.with_ymd_and_hms(2026, 11, 11, 10, 0, 0).unwrap();
    let more: Vec<_> =
        (0..5).map(|i| NewOutput::plain(format!("late {i}"), format!("late-{i}"), at + Duration::minutes(i))).collect();
    ingest.many(&tp, &more).await.unwrap();
    let counted = month_review(&db, nov).await.unwrap();
    assert_eq!(counted.touchpoints[0].weeks.iter().find(|w| w.week == "2026-W46").map(|w| w.outputs), Some(75));

    // Removing a person's text shows in the latest failures.
    let failure = &counted.touchpoints[0].failures[0];
    sqlx::query("UPDATE outputs SET output = output || ' write to ann@example.com' WHERE id = (SELECT output_id FROM review_items WHERE id = ?)")
        .bind(failure.item_id)
        .execute(&db)
        .await
        .unwrap();
    let mentioned = month_review(&db, nov).await.unwrap();
    assert!(mentioned.touchpoints[0].failures[0].excerpt.contains("ann@example.com"));
    domain::privacy::forget(&db, &Actor::Cli, &Person::Email("ann@example.com".into())).await.unwrap();
    let forgotten = month_review(&db, nov).await.unwrap();
    assert!(!forgotten.touchpoints[0].failures[0].excerpt.contains("ann@example.com"));

    // A rename and the owner's decision.
    let mut settings = tp.settings.clone();
    settings.name = "Email replies".into();
    touchpoints::update(&db, &Actor::Cli, id, settings).await.unwrap();
    decide(&db, &owner, nov, id, Decision::Narrow, "too many failures").await.unwrap();
    let decided = month_review(&db, nov).await.unwrap();
    assert_eq!(decided.touchpoints[0].name, "Email replies");
    assert_eq!(decided.touchpoints[0].decision.as_ref().map(|d| d.0), Some(Decision::Narrow));
    assert_eq!(month_review(&db, nov).await.unwrap(), decided);
}

#[tokio::test]
async fn the_remembered_dashboard_follows_every_write() {
    use domain::drift::overview::lines;
    let (db, dir, id) = setup(0).await;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let tp = touchpoints::get(&db, id).await.unwrap();
    // A Thursday in 2026-W47: W46 is the chart's previous week.
    let now = Utc.with_ymd_and_hms(2026, 11, 19, 12, 0, 0).unwrap();
    let week = |l: &[domain::drift::overview::Line], w: &str| {
        l[0].weeks.iter().find(|r| r.week == w).map(|r| (r.sampled, r.reviewed, r.failures))
    };

    let empty = lines(&db, now).await.unwrap();
    assert_eq!(lines(&db, now).await.unwrap(), empty, "nothing changed, the same lines");
    assert_eq!(week(&empty, "2026-W46"), Some((0, 0, 0)));

    review_week(&db, &ingest, &tp, "2026-W46", "fail", 70).await;
    let reviewed = lines(&db, now).await.unwrap();
    let (sampled, done, failures) = week(&reviewed, "2026-W46").unwrap();
    assert!(sampled > 0 && done == sampled && failures == done, "{:?}", week(&reviewed, "2026-W46"));

    // The clock: a week later the chart has moved on, W46 still in it.
    let later = lines(&db, now + Duration::days(7)).await.unwrap();
    assert_eq!(later[0].weeks.last().map(|r| r.week.as_str()), Some("2026-W48"));
    assert_eq!(week(&later, "2026-W46"), Some((sampled, done, failures)));

    let mut settings = tp.settings.clone();
    settings.name = "Email replies".into();
    touchpoints::update(&db, &Actor::Cli, id, settings).await.unwrap();
    let renamed = lines(&db, now).await.unwrap();
    assert_eq!(renamed[0].name, "Email replies");
    assert_eq!(lines(&db, now).await.unwrap(), renamed);
}
