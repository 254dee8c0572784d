//! A database made by the release before honest sampling (commit d513b2c,
//! made by `fixtures/make-release-before-honest-sampling.sh`) migrates in
//! place with nothing lost, and its figures come out as the new rules say.

use domain::{drift, sampling};

async fn open_copy() -> (domain::Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secondlook.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-before-honest-sampling.db"), &file)
        .unwrap();
    let db = domain::db::open_and_migrate(&format!("sqlite://{}", file.display())).await.unwrap();
    (db, dir)
}

async fn count(db: &domain::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn the_previous_release_upgrades_with_nothing_lost() {
    let (db, _dir) = open_copy().await;
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&db).await.unwrap();
    assert_eq!(ok, "ok");
    // Everything the old release stored is still there.
    for (sql, n) in [
        ("SELECT COUNT(*) FROM outputs", 182),
        ("SELECT COUNT(*) FROM review_items", 137),
        ("SELECT COUNT(*) FROM verdicts", 68),
        ("SELECT COUNT(*) FROM alerts", 1),
        ("SELECT COUNT(*) FROM monthly_decisions", 1),
        ("SELECT COUNT(*) FROM sample_draws", 8),
        ("SELECT COUNT(*) FROM touchpoints", 2),
    ] {
        assert_eq!(count(&db, sql).await, n, "{sql}");
    }
    // The random draws are marked as such; the double booking is not.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM review_items WHERE random = 1").await, 135);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM review_items WHERE random = 0 AND reason LIKE 'conflict%'").await, 2);
    // The weekly figures are rebuilt from the random sample only.
    let replies = drift::weeks::series(&db, 1).await.unwrap();
    let w46 = replies.weeks.iter().find(|w| w.week == "2026-W46").unwrap();
    assert_eq!((w46.outputs, w46.sampled, w46.reviewed, w46.failures), (60, 45, 45, 9));
    // A week drawn but not reviewed yet (it once broke the migration).
    let w45 = replies.weeks.iter().find(|w| w.week == "2026-W45").unwrap();
    assert_eq!((w45.sampled, w45.reviewed, w45.failures), (45, 0, 0));
    let bookings = drift::weeks::series(&db, 2).await.unwrap();
    let w47 = bookings.weeks.iter().find(|w| w.week == "2026-W47").unwrap();
    assert_eq!((w47.sampled, w47.reviewed, w47.flagged, w47.flagged_reviewed), (0, 0, 2, 1));
    // Nothing arrived since the old draws: drawing again adds nothing.
    for week in ["2026-W45", "2026-W46", "2026-W47"] {
        let drawn = sampling::draw_week(&db, week.parse().unwrap()).await.unwrap();
        assert!(drawn.iter().all(|d| d.added == 0), "{week}: {drawn:?}");
        assert!(
            !sampling::needs_draw(&db, week.parse().unwrap(), chrono::Utc::now()).await.unwrap(),
            "{week}: {drawn:?}"
        );
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM review_items").await, 137);
    // Each reviewer's weekly counts are made from the verdicts already there.
    assert_eq!(count(&db, "SELECT SUM(reviewed) FROM reviewer_weeks").await, 68);
    let joined = "SELECT COUNT(*) FROM (SELECT v.reviewer_id, r.week, COUNT(*) AS n FROM review_items r
                  JOIN verdicts v ON v.output_id = r.output_id GROUP BY 1, 2
                  EXCEPT SELECT reviewer_id, week, reviewed FROM reviewer_weeks)";
    assert_eq!(count(&db, joined).await, 0, "the same counts as the join");
    // The old decision has no starting stage; the next save records one.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM monthly_decisions WHERE stage_before IS NULL").await, 1);
    // The old audit rows were chained by hash at the first start, every one.
    let audited = count(&db, "SELECT COUNT(*) FROM audit_log").await;
    assert!(audited > 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE hash IS NULL").await, 0);
    let chain = domain::audit::chain::verify(&db).await.unwrap();
    assert_eq!((chain.checked, chain.broken), (audited as u64, None));
}

/// The capture release widens three CHECK constraints in place (outputs'
/// source, alerts' kind, imports' format): after the upgrade the new values
/// are taken, the old rows and their rules are intact, the file is sound,
/// and opening it again changes nothing.
#[tokio::test]
async fn the_widened_checks_take_the_new_values_and_keep_the_old_rules() {
    let (db, dir) = open_copy().await;
    let insert_output = |source: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO outputs (touchpoint_id, output, produced_at, received_at, content_hash, length, status, source)
                 VALUES (1, 'x', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', 'h', 1, 'received', ?)",
            )
            .bind(source)
            .execute(&db)
            .await
        }
    };
    insert_output("mailbox").await.expect("outputs take source 'mailbox'");
    assert!(insert_output("carrier-pigeon").await.is_err(), "the rule still refuses anything else");
    sqlx::query("INSERT INTO alerts (touchpoint_id, kind, cause_key, title, raised_at) VALUES (1, 'capture', 'c', 't', '2026-12-01T00:00:00Z')")
        .execute(&db)
        .await
        .expect("alerts take kind 'capture'");
    sqlx::query("INSERT INTO imports (touchpoint_id, user_id, file_name, format, status, created_at) VALUES (1, 1, 'a.eml', 'eml', 'uploaded', '2026-12-01T00:00:00Z')")
        .execute(&db)
        .await
        .expect("imports take format 'eml'");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outputs").await, 183);
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&db).await.unwrap();
    assert_eq!(ok, "ok");
    let version: i64 = sqlx::query_scalar("PRAGMA schema_version").fetch_one(&db).await.unwrap();
    db.close().await;
    let again = domain::db::open_and_migrate(&format!("sqlite://{}", dir.path().join("secondlook.db").display()))
        .await
        .unwrap();
    let after: i64 = sqlx::query_scalar("PRAGMA schema_version").fetch_one(&again).await.unwrap();
    assert_eq!(after, version, "a second start widens nothing");
    let sql: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE name = 'outputs'").fetch_one(&again).await.unwrap();
    assert_eq!(sql.matches("'mailbox'").count(), 1);
}
