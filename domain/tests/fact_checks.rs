//! The fact checks after ingest, against a real SQLite file: re-checking
//! recent outputs when the facts change (findings added, cleared, a
//! person's "not a problem" kept), the weekly figures, and the alert when
//! one check's share of outputs jumps.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    alerts,
    drift::detect,
    facts::{self, figures, recheck, Check, Facts, PriceItem},
    outputs::{Ingestor, NewOutput},
    sampling::Week,
    touchpoints, Actor, Db,
};

fn prices(loaf: f64) -> Facts {
    Facts {
        currency: "GBP".into(),
        prices: vec![PriceItem { item: "Sourdough loaf".into(), price: loaf, ..Default::default() }],
        ..Default::default()
    }
}

async fn ingest(db: &Db, dir: &tempfile::TempDir, tp: i64, texts: &[(String, DateTime<Utc>)]) {
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let tp = touchpoints::get(db, tp).await.unwrap();
    let items: Vec<NewOutput> = texts
        .iter()
        .enumerate()
        .map(|(i, (text, at))| NewOutput::plain(text.clone(), format!("x{i}-{at}"), *at))
        .collect();
    for chunk in items.chunks(100) {
        ingest.many(&tp, chunk).await.unwrap();
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn a_recheck_brings_recent_findings_up_to_date_and_keeps_a_persons_mark() {
    let (db, dir, tp) = common::setup(0).await;
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
    let texts: Vec<(String, DateTime<Utc>)> = vec![
        ("A sourdough loaf is £4.50.".into(), now - Duration::days(3)),
        ("The sourdough loaf costs £5.20 today.".into(), now - Duration::days(2)),
        ("A sourdough loaf was £4.50 back then.".into(), now - Duration::days(40)),
    ];
    ingest(&db, &dir, tp, &texts).await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM findings").await, 0, "no facts yet: nothing to find");

    facts::set(&db, &Actor::Cli, prices(5.20)).await.unwrap();
    let r = recheck::start(&db, &Actor::Cli, now).await.unwrap();
    assert_eq!((r.total, r.done, r.finished_at), (2, 0, None), "the last four weeks only");
    let again = recheck::start(&db, &Actor::Cli, now).await;
    assert!(matches!(again, Err(domain::DomainError::Conflict(_))), "one at a time");
    recheck::run(&db, r.id).await.unwrap();
    let done = recheck::latest(&db).await.unwrap().unwrap();
    assert_eq!((done.done, done.newly_flagged, done.cleared), (2, 1, 0));
    assert!(done.finished_at.is_some());
    let reason: String = sqlx::query_scalar("SELECT reason FROM review_items").fetch_one(&db).await.unwrap();
    assert_eq!(reason, "fact check: price", "the newly flagged output is in the queue");

    // A person marks it not a problem; the price list then changes to
    // £4.50, so the £5.20 output is now wrong and the mark stays on record.
    let first = facts::findings_of(&db, 1).await.unwrap();
    assert_eq!(first.len(), 1);
    let owner = Actor::User { id: 1, label: "O".into() };
    facts::dismiss(&db, &owner, first[0].id, "an old price, quoted on purpose").await.unwrap();
    let twice = facts::dismiss(&db, &owner, first[0].id, "").await;
    assert!(matches!(twice, Err(domain::DomainError::Conflict(_))));
    let unknown = facts::dismiss(&db, &owner, 999, "").await;
    assert!(matches!(unknown, Err(domain::DomainError::NotFound(_))));

    facts::set(&db, &Actor::Cli, prices(4.50)).await.unwrap();
    let r = recheck::start(&db, &Actor::Cli, now).await.unwrap();
    recheck::run(&db, r.id).await.unwrap();
    let done = recheck::latest(&db).await.unwrap().unwrap();
    assert_eq!((done.newly_flagged, done.cleared), (1, 0), "the dismissed finding is kept, not cleared");
    let kept = facts::findings_of(&db, 1).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].dismissed.as_ref().map(|d| d.note.as_str()), Some("an old price, quoted on purpose"));
    let second = facts::findings_of(&db, 2).await.unwrap();
    assert_eq!(second[0].finding.message, "£5.20 for Sourdough loaf; the price list says £4.50");

    // Back to £5.20: the finding on output 2 no longer applies and goes.
    facts::set(&db, &Actor::Cli, prices(5.20)).await.unwrap();
    let r = recheck::start(&db, &Actor::Cli, now).await.unwrap();
    recheck::run(&db, r.id).await.unwrap();
    assert_eq!(recheck::latest(&db).await.unwrap().unwrap().cleared, 1);
    assert!(facts::findings_of(&db, 2).await.unwrap().is_empty());

    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id").fetch_all(&db).await.unwrap();
    assert!(
        actions.iter().any(|a| a == "finding.dismiss") && actions.iter().filter(|a| *a == "facts.recheck").count() == 3
    );
}

fn week_start(week: &str) -> DateTime<Utc> {
    week.parse::<Week>().unwrap().bounds(Default::default()).0
}

#[tokio::test]
async fn a_jump_in_wrong_prices_raises_one_alert_and_the_weeks_show_it() {
    let (db, dir, tp) = common::setup(0).await;
    facts::set(&db, &Actor::Cli, prices(5.20)).await.unwrap();
    let mut texts = Vec::new();
    for w in 39..=48 {
        let wrong = if w == 48 { 20 } else { 1 };
        let start = week_start(&format!("2026-W{w}")) + Duration::hours(9);
        for i in 0..40 {
            let price = if i < wrong { "4.10" } else { "5.20" };
            texts.push((format!("Order {w}-{i}: a sourdough loaf is £{price}."), start + Duration::minutes(i)));
        }
    }
    ingest(&db, &dir, tp, &texts).await;
    let monday = week_start("2026-W49") + Duration::hours(8);

    let weeks = figures::weekly(&db, tp, 10, monday).await.unwrap();
    let w48 = weeks.iter().find(|w| w.week == "2026-W48").unwrap();
    assert_eq!(w48.outputs, 40);
    assert_eq!(w48.counts.len(), 1);
    assert_eq!((w48.counts[0].check, w48.counts[0].flagged), (Check::Price, 20));
    assert_eq!(weeks.last().unwrap().week, "2026-W49", "the current week last");

    detect::run(&db, monday).await.unwrap();
    let titles: Vec<String> = alerts::list(&db, None, 50).await.unwrap().into_iter().map(|a| a.title).collect();
    let jumps: Vec<&String> = titles.iter().filter(|t| t.contains("check flagged")).collect();
    assert_eq!(jumps.len(), 1, "{titles:?}");
    assert!(
        jumps[0].contains("in 2026-W48 the prices check flagged 50.0% of outputs (20 of 40), against 2.5% before"),
        "{}",
        jumps[0]
    );
    detect::run(&db, monday + Duration::hours(1)).await.unwrap();
    let after = alerts::list(&db, None, 50).await.unwrap();
    assert_eq!(after.iter().filter(|a| a.title.contains("check flagged")).count(), 1, "one alert per incident");
}
