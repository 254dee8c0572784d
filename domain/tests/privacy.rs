//! Retention and forget on a real SQLite file: exactly the texts that
//! should go, go; the figures, verdicts and audit chain stay the same.

mod common;

use chrono::{Duration, TimeZone, Utc};
use domain::{
    drift,
    outputs::{Ingestor, NewOutput},
    privacy::{self, Person},
    Actor, Db,
};

async fn texts(db: &Db) -> Vec<(String, String)> {
    sqlx::query_as("SELECT external_id, output FROM outputs ORDER BY id").fetch_all(db).await.unwrap()
}

async fn figures(db: &Db, tp: i64) -> Vec<(String, i64, i64, i64, i64)> {
    let s = drift::weeks::series(db, tp).await.unwrap();
    s.weeks.iter().map(|w| (w.week.clone(), w.outputs, w.sampled, w.reviewed, w.failures)).collect()
}

#[tokio::test]
async fn retention_removes_old_text_and_nothing_else() {
    let (db, dir, tp) = common::setup(20).await;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let tp_row = domain::touchpoints::get(&db, tp).await.unwrap();
    common::review_week(&db, &ingest, &tp_row, "2026-W47", "fail", 10).await;
    let before = figures(&db, tp).await;
    let verdicts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM verdicts").fetch_one(&db).await.unwrap();
    let all = texts(&db).await;

    // 24 months after 2026-W48's outputs (23–29 Nov 2026), but not W47's end... pick a
    // moment between them: 25 November 2028, 00:00 UTC.
    let now = Utc.with_ymd_and_hms(2028, 11, 23, 9, 10, 0).unwrap();
    let removed = privacy::apply_retention(&db, 24, now).await.unwrap();
    let after = texts(&db).await;
    let cutoff = now - chrono::Months::new(24);
    let produced: Vec<chrono::DateTime<Utc>> =
        sqlx::query_scalar("SELECT produced_at FROM outputs ORDER BY id").fetch_all(&db).await.unwrap();
    let mut expected_removed = 0;
    for ((old, new), at) in all.iter().zip(&after).zip(&produced) {
        if *at < cutoff {
            expected_removed += 1;
            assert_eq!(new.1, "[Text removed after 24 months]", "{old:?}");
        } else {
            assert_eq!(new.1, old.1, "a newer text is untouched");
        }
    }
    assert!(
        expected_removed > 10 && expected_removed < all.len(),
        "the cutoff falls inside the data: {expected_removed}"
    );
    assert_eq!(removed, expected_removed as u64);
    // The figures, the verdicts and the audit chain are the same.
    assert_eq!(figures(&db, tp).await, before);
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM verdicts").fetch_one(&db).await.unwrap(), verdicts);
    assert_eq!(domain::audit::chain::verify(&db).await.unwrap().broken, None);
    let note: String = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'outputs.retention'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(note.contains(&format!("\"texts_removed\":{removed}")), "{note}");
    // Run again: nothing more; 0 months keeps everything.
    assert_eq!(privacy::apply_retention(&db, 24, now).await.unwrap(), 0);
    assert_eq!(privacy::apply_retention(&db, 0, now + Duration::days(9999)).await.unwrap(), 0);
}

#[tokio::test]
async fn forget_removes_exactly_the_matching_texts() {
    let (db, dir, tp) = common::setup(3).await;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let tp_row = domain::touchpoints::get(&db, tp).await.unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let mut with_input = NewOutput::plain("We will call you back today.".into(), "in-1".into(), at);
    with_input.input = Some("I am Sam, call me on 020 7946 0123".into());
    let items = vec![
        NewOutput::plain("Dear Sam, we wrote to SAM@example.com".into(), "mail-1".into(), at),
        NewOutput::plain("Write to bigsam@example.com instead".into(), "mail-2".into(), at),
        with_input,
        NewOutput::plain("Ring +44 20 7946 0124 for the other shop".into(), "phone-2".into(), at),
    ];
    ingest.many(&tp_row, &items).await.unwrap();
    let before = texts(&db).await;

    let n = privacy::forget(&db, &Actor::Cli, &Person::Email("sam@example.com".into())).await.unwrap();
    assert_eq!(n, 1);
    let n = privacy::forget(&db, &Actor::Cli, &Person::Phone("+44 (0)20 7946 0123".into())).await.unwrap();
    assert_eq!(n, 1);
    let after = texts(&db).await;
    for (old, new) in before.iter().zip(&after) {
        let gone = old.0 == "mail-1" || old.0 == "in-1";
        assert_eq!(new.1 == "[Text removed at a person's request]", gone, "{old:?}");
        if !gone {
            assert_eq!(new.1, old.1);
        }
    }
    let input: Option<String> =
        sqlx::query_scalar("SELECT input FROM outputs WHERE external_id = 'in-1'").fetch_one(&db).await.unwrap();
    assert_eq!(input, None, "the input went too");
    // Audited with a count and what kind, never the address.
    let notes: Vec<String> = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'outputs.forget'")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| !n.contains("sam@") && !n.contains("7946")), "{notes:?}");
    assert!(notes[0].contains("\"texts_removed\":1"));
    assert_eq!(domain::audit::chain::verify(&db).await.unwrap().broken, None);
    assert!(privacy::forget(&db, &Actor::Cli, &Person::Phone("123".into())).await.is_err());
}
