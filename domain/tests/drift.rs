//! Drift detectors on scripted histories, against a real SQLite file: each
//! fires on a change and stays silent on a stable (even noisy) history.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    alerts,
    drift::{detect, weeks},
    outputs::{Booking, Ingestor, NewOutput},
    reviews::{next_item, submit, VerdictInput},
    sampling::{self, Inspection, Week},
    touchpoints::{self, Touchpoint},
    Db,
};

struct Shop {
    db: Db,
    _dir: tempfile::TempDir,
    ingest: Ingestor,
    tp: Touchpoint,
}

async fn shop() -> Shop {
    let (db, dir, tp) = common::setup(0).await;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    let tp = touchpoints::get(&db, tp).await.unwrap();
    Shop { db, _dir: dir, ingest, tp }
}

fn week_start(week: &str) -> DateTime<Utc> {
    week.parse::<Week>().unwrap().bounds(Default::default()).0
}

impl Shop {
    /// `n` outputs in `week` by `model` (text from `text`), drawn and reviewed:
    /// the first `failures` fail, the rest pass.
    async fn week(&self, week: &str, n: i64, model: &str, failures: usize, text: impl Fn(i64) -> String) {
        let start = week_start(week) + Duration::hours(9);
        let items: Vec<NewOutput> = (0..n)
            .map(|i| NewOutput {
                model: Some(model.into()),
                ..NewOutput::plain(text(i), format!("{week}-{i}"), start + Duration::minutes(i))
            })
            .collect();
        for chunk in items.chunks(50) {
            self.ingest.many(&self.tp, chunk).await.unwrap();
        }
        sampling::draw_week(&self.db, week.parse().unwrap()).await.unwrap();
        let owner = domain::users::get(&self.db, 1).await.unwrap();
        let mut given = 0;
        while let Some(item) = next_item(&self.db, owner.id).await.unwrap() {
            let verdict = if given < failures { "fail" } else { "pass" };
            submit(
                &self.db,
                &owner,
                item,
                VerdictInput { verdict: verdict.into(), note: "checked".into(), ..Default::default() },
            )
            .await
            .unwrap();
            given += 1;
        }
    }

    async fn titles(&self) -> Vec<String> {
        alerts::list(&self.db, None, 100).await.unwrap().into_iter().map(|a| a.title).collect()
    }
}

fn plain(i: i64) -> String {
    format!("Thanks for your order {i}, it ships tomorrow.")
}

#[tokio::test]
async fn eight_good_weeks_then_a_worse_new_model_is_caught_without_asking() {
    let s = shop().await;
    for (w, failures) in (40..48).zip([0, 1, 0, 1, 0, 0, 1, 0]) {
        s.week(&format!("2026-W{w}"), 20, "gpt-4o", failures, plain).await;
    }
    let now = week_start("2026-W49") + Duration::hours(1);
    assert!(detect::run(&s.db, now).await.unwrap().is_empty(), "a good history raises nothing");
    // Week 48: the vendor switches models and the replies get worse.
    s.week("2026-W48", 20, "gpt-5-mini", 12, plain).await;
    let raised = detect::run(&s.db, now).await.unwrap();
    let titles = s.titles().await;
    assert!(titles.iter().any(|t| t.contains("model changed from gpt-4o to gpt-5-mini")), "{titles:?}");
    assert!(raised.iter().any(|t| t.contains("2026-W48 failed 60.0% of reviews")), "{raised:?}");
    assert_eq!(sampling::current_state(&s.db, s.tp.id).await.unwrap(), Inspection::Tightened);

    let series = weeks::series(&s.db, s.tp.id).await.unwrap();
    let w48 = series.weeks.iter().find(|w| w.week == "2026-W48").unwrap();
    assert_eq!(w48.model_change.as_deref(), Some("gpt-4o → gpt-5-mini"));
    assert_eq!(w48.inspection.as_deref(), Some("tightened"), "the week of the change was drawn tightened");
    assert!(w48.failure_rate.unwrap() > w48.ucl.unwrap());
    assert!((series.baseline_rate.unwrap() - 3.0 / 160.0).abs() < 1e-9);
    // Running the detectors again raises nothing twice.
    assert!(detect::run(&s.db, now).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stable_but_noisy_history_stays_silent() {
    let s = shop().await;
    // About 5% failing, 0 to 4 of 40 a week, for 20 weeks.
    for (w, failures) in (20..40).zip([2, 0, 4, 1, 3, 2, 2, 0, 3, 1, 4, 2, 1, 2, 3, 0, 2, 2, 3, 1]) {
        s.week(&format!("2026-W{w}"), 40, "gpt-4o", failures, plain).await;
    }
    let raised = detect::run(&s.db, week_start("2026-W40") + Duration::hours(1)).await.unwrap();
    assert!(raised.is_empty(), "{raised:?}");
    let series = weeks::series(&s.db, s.tp.id).await.unwrap();
    assert!(series.cusum_h.is_some() && series.weeks.iter().all(|w| !w.cusum_signal));
}

#[tokio::test]
async fn failures_creeping_up_trip_the_cusum() {
    let s = shop().await;
    for w in 20..28 {
        s.week(&format!("2026-W{w}"), 40, "gpt-4o", 2, plain).await;
    }
    // 12.5% a week: no single week is alarming, but the watch adds up.
    for w in 28..30 {
        s.week(&format!("2026-W{w}"), 40, "gpt-4o", 5, plain).await;
    }
    let series = weeks::series(&s.db, s.tp.id).await.unwrap();
    let w28 = series.weeks.iter().find(|w| w.week == "2026-W28").unwrap();
    assert!(!w28.cusum_signal && w28.cusum.unwrap() > 0.0, "the first bad week is suspicious, not an alarm: {w28:?}");
    let w29 = series.weeks.iter().find(|w| w.week == "2026-W29").unwrap();
    assert!(w29.cusum_signal, "{:?}", series.weeks.iter().map(|w| w.cusum).collect::<Vec<_>>());
    assert_eq!(w29.inspection.as_deref(), Some("normal"));
    let raised = detect::run(&s.db, week_start("2026-W30")).await.unwrap();
    assert!(
        raised.iter().any(|t| t.contains("2026-W29 failed 12.5% of reviews (5 of 40), against about 5.0% usually")),
        "{raised:?}"
    );
}

#[tokio::test]
async fn a_change_of_shape_is_flagged_and_steady_shape_is_not() {
    let s = shop().await;
    for w in 38..47 {
        s.week(&format!("2026-W{w}"), 40, "gpt-4o", 0, plain).await;
    }
    let after = week_start("2026-W47") + Duration::hours(1);
    assert!(detect::run(&s.db, after).await.unwrap().is_empty(), "steady weeks");
    s.week("2026-W47", 40, "gpt-4o", 0, |i| {
        format!("Order {i}: track it at https://ship.example/{i} or pay £{i}.99 now")
    })
    .await;
    let raised = detect::run(&s.db, week_start("2026-W48") + Duration::hours(1)).await.unwrap();
    assert!(raised.iter().any(|t| t.contains("100.0% of outputs contained links, against 0.0% before")), "{raised:?}");
    assert!(raised.iter().any(|t| t.contains("contained prices")), "{raised:?}");
    assert!(raised.iter().any(|t| t.contains("characters against")), "{raised:?}");
}

#[tokio::test]
async fn a_day_without_outputs_after_busy_weeks_is_a_volume_alert() {
    let s = shop().await;
    let day0 = Utc.with_ymd_and_hms(2026, 10, 1, 12, 0, 0).unwrap();
    let mut items = Vec::new();
    for d in 0..30 {
        for i in 0..60 {
            items.push(NewOutput::plain(
                plain(i),
                format!("d{d}-{i}"),
                day0 + Duration::days(d) + Duration::minutes(i),
            ));
        }
    }
    for chunk in items.chunks(500) {
        s.ingest.many(&s.tp, chunk).await.unwrap();
    }
    // 31 October had none: checked on 1 November.
    let raised = detect::run(&s.db, Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap()).await.unwrap();
    assert!(
        raised.iter().any(|t| t.contains("0 outputs on 2026-10-31") && t.contains("has the tool stopped")),
        "{raised:?}"
    );
    // 30 October was an ordinary day.
    let quiet = detect::run(&s.db, Utc.with_ymd_and_hms(2026, 10, 31, 8, 0, 0).unwrap()).await.unwrap();
    assert!(quiet.is_empty(), "{quiet:?}");
}

#[tokio::test]
async fn a_double_booking_is_answered_alerted_and_queued() {
    let s = shop().await;
    let at = |h: u32| Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap();
    let booking = |id: &str, from: u32, to: u32, resource: &str| NewOutput {
        booking: Some(Booking { resource: resource.into(), starts_at: at(from), ends_at: at(to), customer: None }),
        ..NewOutput::plain(format!("Booked {id}"), id.into(), at(8))
    };
    let first = s.ingest.one(&s.tp, &booking("a", 10, 11, "Table 4")).await.unwrap();
    assert!(first.conflicts.is_empty());
    let touching = s.ingest.one(&s.tp, &booking("b", 11, 12, "Table 4")).await.unwrap();
    assert!(touching.conflicts.is_empty(), "back to back is not a clash");
    let other_table = s.ingest.one(&s.tp, &booking("c", 10, 11, "Table 5")).await.unwrap();
    assert!(other_table.conflicts.is_empty());
    let clash = s.ingest.one(&s.tp, &booking("d", 10, 12, "Table 4")).await.unwrap();
    assert_eq!(clash.conflicts, [first.id, touching.id]);
    let titles = s.titles().await;
    assert_eq!(titles.iter().filter(|t| t.starts_with("Double booking")).count(), 2, "{titles:?}");
    let queued: Vec<(i64, String)> =
        sqlx::query_as("SELECT output_id, reason FROM review_items ORDER BY output_id").fetch_all(&s.db).await.unwrap();
    assert_eq!(queued.iter().map(|q| q.0).collect::<Vec<_>>(), [first.id, touching.id, clash.id]);
    assert!(queued.iter().all(|q| q.1.contains("conflict")), "{queued:?}");
    // Sending the clash again stores nothing and raises nothing.
    let again = s.ingest.one(&s.tp, &booking("d", 10, 12, "Table 4")).await.unwrap();
    assert!(again.duplicate && again.conflicts.is_empty());
    assert_eq!(s.titles().await.len(), 2);
}

#[tokio::test]
async fn the_weekly_counts_kept_by_triggers_match_a_recount() {
    let s = shop().await;
    s.week("2026-W46", 12, "gpt-4o", 3, plain).await;
    s.week("2026-W47", 8, "gpt-4o", 0, plain).await;
    // An owner changes a pass into a fail, and a fail into a pass.
    let owner = domain::users::get(&s.db, 1).await.unwrap();
    let items: Vec<(i64, String)> = sqlx::query_as(
        "SELECT r.id, v.verdict FROM review_items r JOIN verdicts v ON v.output_id = r.output_id ORDER BY r.id",
    )
    .fetch_all(&s.db)
    .await
    .unwrap();
    for (id, verdict) in items.iter().take(4) {
        let flipped = if verdict == "pass" { "fail" } else { "pass" };
        submit(
            &s.db,
            &owner,
            *id,
            VerdictInput { verdict: flipped.into(), note: "second look".into(), ..Default::default() },
        )
        .await
        .unwrap();
    }
    let kept: Vec<(String, i64, i64, i64)> =
        sqlx::query_as("SELECT week, sampled, reviewed, failures FROM review_weeks ORDER BY week")
            .fetch_all(&s.db)
            .await
            .unwrap();
    let recount: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT r.week, COUNT(*), COUNT(v.output_id), COALESCE(SUM(v.verdict != 'pass'), 0)
         FROM review_items r LEFT JOIN verdicts v ON v.output_id = r.output_id GROUP BY r.week ORDER BY r.week",
    )
    .fetch_all(&s.db)
    .await
    .unwrap();
    assert_eq!(kept, recount);
    assert_eq!(kept[0].3, 1, "3 failures flipped to pass, one pass flipped to fail");
}
