//! Honest spot checks against a real SQLite file: no output escapes the
//! sample, paused means watched harder, flagged items stay out of the
//! figures, one incident is one alert, decisions and history are replayed
//! as they truly happened.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{review_week, setup};
use domain::{
    alerts, drift,
    outputs::{Ingestor, NewOutput},
    reviews::{next_item, submit, VerdictInput},
    sampling::{self, draw_week, Inspection, Week},
    touchpoints::{self, Stage, Touchpoint},
    Db,
};

async fn ingestor(dir: &tempfile::TempDir) -> Ingestor {
    Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap()
}

fn week_start(week: &str) -> DateTime<Utc> {
    week.parse::<Week>()
        .unwrap()
        .bounds(domain::sampling::Calendar { tz: chrono_tz::Europe::London, ..Default::default() })
        .0
}

/// `n` outputs in `week`, external ids `{week}-{i}`.
fn outputs(week: &str, n: usize) -> Vec<NewOutput> {
    let start = week_start(week) + Duration::hours(9);
    (0..n)
        .map(|i| {
            NewOutput::plain(format!("Reply {i} of {week}"), format!("{week}-{i}"), start + Duration::minutes(i as i64))
        })
        .collect()
}

/// The external ids of the week's random picks.
async fn picks(db: &Db, week: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT o.external_id FROM review_items r JOIN outputs o ON o.id = r.output_id WHERE r.week = ? AND r.random = 1 ORDER BY o.external_id",
    )
    .bind(week)
    .fetch_all(db)
    .await
    .unwrap()
}

async fn tp(db: &Db, id: i64) -> Touchpoint {
    touchpoints::get(db, id).await.unwrap()
}

#[tokio::test]
async fn a_week_drawn_before_its_outputs_arrived_is_topped_up() {
    let (db, dir, id) = setup(0).await;
    let empty = draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!((empty[0].population, empty[0].drawn), (0, 0));
    // The owner imports that week's export afterwards: 140 outputs.
    ingestor(&dir).await.many(&tp(&db, id).await, &outputs("2026-W47", 140)).await.unwrap();
    // It waits until the import has settled, then tops the week up.
    assert!(!sampling::needs_draw(&db, "2026-W47".parse().unwrap(), Utc::now()).await.unwrap());
    assert!(sampling::needs_draw(&db, "2026-W47".parse().unwrap(), Utc::now() + Duration::minutes(6)).await.unwrap());
    let again = draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert!(again[0].top_up && again[0].new);
    assert_eq!((again[0].population, again[0].drawn, again[0].added), (140, 59, 59));
    assert_eq!(picks(&db, "2026-W47").await.len(), 59);
    // Nothing new: drawing again changes nothing.
    assert!(!sampling::needs_draw(&db, "2026-W47".parse().unwrap(), Utc::now() + Duration::minutes(6)).await.unwrap());
    assert!(!draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap()[0].new);
}

#[tokio::test]
async fn the_same_outputs_give_the_same_picks_whatever_order_they_arrived_in() {
    let all = outputs("2026-W47", 300);
    let (a, dir_a, id_a) = setup(0).await;
    ingestor(&dir_a).await.many(&tp(&a, id_a).await, &all).await.unwrap();
    draw_week(&a, "2026-W47".parse().unwrap()).await.unwrap();
    let (b, dir_b, id_b) = setup(0).await;
    let reversed: Vec<NewOutput> = all.iter().rev().cloned().collect();
    ingestor(&dir_b).await.many(&tp(&b, id_b).await, &reversed).await.unwrap();
    draw_week(&b, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!(picks(&a, "2026-W47").await, picks(&b, "2026-W47").await);

    // Half, a draw, then the other half (a Monday batch): every pick of the
    // whole week is still picked, and the late half is sampled too.
    let (c, dir_c, id_c) = setup(0).await;
    let ingest = ingestor(&dir_c).await;
    ingest.many(&tp(&c, id_c).await, &all[..150]).await.unwrap();
    draw_week(&c, "2026-W47".parse().unwrap()).await.unwrap();
    ingest.many(&tp(&c, id_c).await, &all[150..]).await.unwrap();
    draw_week(&c, "2026-W47".parse().unwrap()).await.unwrap();
    let (whole, split) = (picks(&a, "2026-W47").await, picks(&c, "2026-W47").await);
    assert!(whole.iter().all(|p| split.contains(p)), "{whole:?} ⊄ {split:?}");
    let late = split.iter().filter(|p| p.split('-').nth(2).unwrap().parse::<usize>().unwrap() >= 150).count();
    assert!(late > 10 && split.len() <= 2 * 59, "late picks {late}, all {}", split.len());
}

#[tokio::test]
async fn after_downtime_every_missed_week_is_drawn_and_one_email_goes_out() {
    let (db, dir, id) = setup(0).await;
    sqlx::query("UPDATE business SET created_at = ?").bind(week_start("2026-W40")).execute(&db).await.unwrap();
    let ingest = ingestor(&dir).await;
    for week in ["2026-W44", "2026-W45", "2026-W46"] {
        ingest.many(&tp(&db, id).await, &outputs(week, 30)).await.unwrap();
    }
    // The server was down from W44 to W47: it comes back on Monday of W47.
    let done = domain::jobs::run_due(&db, week_start("2026-W47") + Duration::hours(10)).await.unwrap().done;
    for week in ["2026-W44", "2026-W45", "2026-W46"] {
        assert_eq!(picks(&db, week).await.len(), 30, "{week}: {done:?}");
    }
    let emails: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM email_outbox WHERE dedupe_key LIKE 'queue-ready:%'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(emails, ["Spot check ready: 90 items (about 30 min)"]);
    // Running again draws nothing and sends nothing.
    let again = domain::jobs::run_due(&db, week_start("2026-W47") + Duration::hours(11)).await.unwrap().done;
    assert!(!again.iter().any(|l| l.contains("drew")), "{again:?}");
}

#[tokio::test]
async fn a_paused_touchpoint_is_sampled_harder_not_less() {
    let (db, dir, id) = setup(0).await;
    let owner = domain::users::get(&db, 1).await.unwrap();
    domain::sampling::set_stage(&db, &owner.actor(), id, Stage::Expanding, "").await.unwrap();
    ingestor(&dir).await.many(&tp(&db, id).await, &outputs("2026-W46", 200)).await.unwrap();
    assert_eq!(draw_week(&db, "2026-W46".parse().unwrap()).await.unwrap()[0].drawn, 45, "the default plan");
    // The owner pauses it: the vendor's tool keeps producing, so we look harder.
    domain::sampling::set_stage(&db, &owner.actor(), id, Stage::Paused, "stop using it").await.unwrap();
    ingestor(&dir).await.many(&tp(&db, id).await, &outputs("2026-W47", 200)).await.unwrap();
    let paused = draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!((paused[0].planned, paused[0].drawn), (90, 90));
}

#[tokio::test]
async fn inspection_pausing_keeps_the_samples_and_the_alerts_coming() {
    let (db, dir, id) = setup(0).await;
    let ingest = ingestor(&dir).await;
    let t = tp(&db, id).await;
    for w in 38..47 {
        review_week(&db, &ingest, &t, &format!("2026-W{w}"), "fail", 10).await;
    }
    assert_eq!(sampling::current_state(&db, id).await.unwrap(), Inspection::Paused);
    assert_eq!(tp(&db, id).await.stage, Stage::Paused);
    ingest.many(&t, &outputs("2026-W47", 50)).await.unwrap();
    let drawn = draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    assert_eq!(
        (drawn[0].inspection, drawn[0].drawn),
        (Inspection::Paused, 50),
        "every output when fewer than the tightened size"
    );
    // The detectors still watch it: a new model raises its alert.
    let mut with_model = outputs("2026-W48", 2);
    with_model[0].model = Some("gpt-4o".into());
    with_model[1].model = Some("gpt-5".into());
    ingest.many(&t, &with_model).await.unwrap();
    let titles: Vec<String> = alerts::list(&db, Some(id), 50).await.unwrap().into_iter().map(|a| a.title).collect();
    assert!(titles.iter().any(|t| t.contains("model changed from gpt-4o to gpt-5")), "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("was paused")), "{titles:?}");
}

#[tokio::test]
async fn flagged_items_are_reviewed_but_never_move_the_failure_rate() {
    let (db, dir, id) = setup(0).await;
    let owner = domain::users::get(&db, 1).await.unwrap();
    let t = tp(&db, id).await;
    let mut items = outputs("2026-W47", 300);
    for item in items.iter_mut().step_by(10) {
        item.output = format!("{} — we will refund you", item.output);
    }
    ingestor(&dir).await.many(&t, &items).await.unwrap();
    draw_week(&db, "2026-W47".parse().unwrap()).await.unwrap();
    // Every flagged-only item fails; every random pick passes.
    let mut flagged_failed = 0;
    while let Some(item) = next_item(&db, owner.id).await.unwrap() {
        let random: bool =
            sqlx::query_scalar("SELECT random FROM review_items WHERE id = ?").bind(item).fetch_one(&db).await.unwrap();
        let verdict = if random { "pass" } else { "fail" };
        flagged_failed += !random as i64;
        submit(
            &db,
            &owner,
            item,
            VerdictInput { verdict: verdict.into(), note: "checked".into(), ..Default::default() },
        )
        .await
        .unwrap();
    }
    assert!(flagged_failed > 20, "{flagged_failed}");
    let w = drift::weeks::series(&db, id).await.unwrap().weeks.into_iter().find(|w| w.week == "2026-W47").unwrap();
    assert_eq!((w.reviewed, w.failures, w.failure_rate), (59, 0, Some(0.0)));
    assert_eq!((w.flagged, w.flagged_reviewed, w.flagged_failures), (flagged_failed, flagged_failed, flagged_failed));
    let month = domain::monthly::bounds("2026-11".parse().unwrap(), chrono_tz::Europe::London);
    assert_eq!(domain::monthly::month_reviews(&db, id, month).await.unwrap(), (59, 0));
    let flagged = domain::monthly::month_reviews_of(&db, id, month, false).await.unwrap();
    assert_eq!(
        domain::monthly::flagged_line(flagged).unwrap(),
        format!("flagged by rules: {flagged_failed}, {flagged_failed} failed")
    );
    // And the week is accepted: flagged failures are not evidence against the tool.
    assert_eq!(sampling::current_state(&db, id).await.unwrap(), Inspection::Normal);
}

/// One week of `n` outputs drawn and reviewed with `failures` failing (the
/// first ones in queue order); then the detectors run as on the next Monday.
async fn reviewed_week(
    db: &Db,
    ingest: &Ingestor,
    t: &Touchpoint,
    week: &str,
    n: usize,
    failures: usize,
) -> Vec<String> {
    ingest.many(t, &outputs(week, n)).await.unwrap();
    draw_week(db, week.parse().unwrap()).await.unwrap();
    let owner = domain::users::get(db, 1).await.unwrap();
    let mut given = 0;
    while let Some(item) = next_item(db, owner.id).await.unwrap() {
        let verdict = if given < failures { "fail" } else { "pass" };
        submit(db, &owner, item, VerdictInput { verdict: verdict.into(), note: "x".into(), ..Default::default() })
            .await
            .unwrap();
        given += 1;
    }
    let next_monday = week.parse::<Week>().unwrap().monday() + Duration::days(7);
    let now = Utc.from_utc_datetime(&next_monday.and_hms_opt(12, 0, 0).unwrap());
    drift::detect::run(db, now).await.unwrap()
}

#[tokio::test]
async fn one_incident_over_three_bad_weeks_is_one_alert_and_one_email() {
    let (db, dir, id) = setup(0).await;
    let ingest = ingestor(&dir).await;
    let t = tp(&db, id).await;
    for w in 30..38 {
        assert!(reviewed_week(&db, &ingest, &t, &format!("2026-W{w}"), 45, 1).await.is_empty());
    }
    let mut raised = Vec::new();
    for w in 38..41 {
        raised.extend(reviewed_week(&db, &ingest, &t, &format!("2026-W{w}"), 45, 12).await);
    }
    let quality: Vec<_> = alerts::list(&db, Some(id), 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == alerts::Kind::Quality)
        .collect();
    assert_eq!(quality.len(), 1, "{raised:?}");
    assert!(quality[0].history.len() >= 2, "later weeks add their evidence: {:?}", quality[0].history);
    let emails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_outbox WHERE subject LIKE 'Alert:%failed%'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(emails, 1, "one email when it opens; the same level does not email again");
    // Acknowledged, and still bad: the next signal opens a new incident.
    let owner = domain::users::get(&db, 1).await.unwrap().actor();
    alerts::acknowledge(&db, &owner, quality[0].id, "fixing the prompt").await.unwrap();
    for w in 41..44 {
        reviewed_week(&db, &ingest, &t, &format!("2026-W{w}"), 45, 12).await;
    }
    let quality =
        alerts::list(&db, Some(id), 50).await.unwrap().into_iter().filter(|a| a.kind == alerts::Kind::Quality).count();
    assert_eq!(quality, 2);
}

#[tokio::test]
async fn a_monthly_decision_saved_twice_moves_the_stage_once() {
    let (db, _dir, id) = setup(0).await;
    let owner = domain::users::get(&db, 1).await.unwrap();
    let nov: domain::monthly::Month = "2026-11".parse().unwrap();
    use domain::monthly::{decide, Decision};
    assert_eq!(decide(&db, &owner, nov, id, Decision::Expand, "").await.unwrap(), Stage::Expanding);
    assert_eq!(decide(&db, &owner, nov, id, Decision::Expand, "again").await.unwrap(), Stage::Expanding, "not trusted");
    assert_eq!(tp(&db, id).await.stage, Stage::Expanding);
    // Changing the decision moves from where the month began (pilot).
    assert_eq!(decide(&db, &owner, nov, id, Decision::Keep, "").await.unwrap(), Stage::Pilot);
    assert_eq!(tp(&db, id).await.stage, Stage::Pilot);
    // Something else moved the stage since (here the owner paused it):
    // saving the decision's note again undoes nothing.
    domain::sampling::set_stage(&db, &owner.actor(), id, Stage::Paused, "vendor outage").await.unwrap();
    assert_eq!(decide(&db, &owner, nov, id, Decision::Keep, "a better note").await.unwrap(), Stage::Paused);
    assert_eq!(tp(&db, id).await.stage, Stage::Paused);
    // A month that has not ended cannot be decided or signed off.
    let future: domain::monthly::Month = "2099-01".parse().unwrap();
    assert!(matches!(
        decide(&db, &owner, future, id, Decision::Keep, "").await,
        Err(domain::DomainError::Invalid { .. })
    ));
    assert!(matches!(
        domain::monthly::sign_off(&db, &owner, future, "").await,
        Err(domain::DomainError::Invalid { .. })
    ));
}

#[tokio::test]
async fn the_inspection_history_is_replayed_in_week_order() {
    let (db, dir, id) = setup(0).await;
    let ingest = ingestor(&dir).await;
    let t = tp(&db, id).await;
    review_week(&db, &ingest, &t, "2026-W46", "fail", 10).await;
    review_week(&db, &ingest, &t, "2026-W47", "fail", 10).await;
    draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let moves = sampling::moves(&db, id).await.unwrap();
    assert_eq!(moves.iter().map(|m| m.week.as_str()).collect::<Vec<_>>(), ["2026-W47"]);
    // An import of two earlier failing weeks arrives late: the history is
    // what would have happened, tightened from W45.
    review_week(&db, &ingest, &t, "2026-W44", "fail", 10).await;
    review_week(&db, &ingest, &t, "2026-W45", "fail", 10).await;
    sampling::refresh(&db).await.unwrap();
    let moves = sampling::moves(&db, id).await.unwrap();
    assert_eq!(
        moves.last().map(|m| (m.week.as_str(), m.to_state)),
        Some(("2026-W45", Inspection::Tightened)),
        "{moves:?}"
    );
    let replayed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'touchpoint.inspection_replayed'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(replayed >= 1, "each correction is audited");
}
