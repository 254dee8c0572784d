//! Shared set-up for the domain's database tests.
#![allow(dead_code)]

use domain::touchpoints::Validate as _;

use chrono::{Duration, TimeZone, Utc};
use domain::{
    business,
    outputs::{Ingestor, NewOutput},
    touchpoints::{self, TouchpointInput},
    Actor, Db,
};

/// A business with one spot-checked touchpoint (rule: "refund") holding
/// `outputs_in_week` outputs produced in 2026-W48; returns the touchpoint id.
pub async fn setup(outputs_in_week: usize) -> (Db, tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/s.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let owner = business::Setup {
        business_name: "Bakery".into(),
        timezone: "Europe/London".into(),
        owner_email: "o@bakery.test".into(),
        owner_name: "O".into(),
        owner_password: "long-enough-pw".into(),
        ..Default::default()
    };
    business::setup(&db, &Actor::Cli, owner).await.unwrap();
    let input = TouchpointInput {
        name: "Replies".into(),
        kind: "email".into(),
        policy: "sample".into(),
        risk_rules: "refund".into(),
        ..Default::default()
    };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let items: Vec<NewOutput> = (0..outputs_in_week)
        .map(|i| {
            let text = if i == 7 { "We will refund you".into() } else { format!("Reply {i}") };
            NewOutput::plain(text, format!("e{i}"), monday + Duration::minutes(i as i64))
        })
        .collect();
    Ingestor::open(&url).await.unwrap().many(&tp, &items).await.unwrap();
    (db, dir, tp.id)
}

/// Puts `n` outputs into `week`, draws it, and gives every queued item the
/// verdict `verdict` (with a note) as the owner.
pub async fn review_week(
    db: &Db,
    ingest: &Ingestor,
    tp: &domain::touchpoints::Touchpoint,
    week: &str,
    verdict: &str,
    n: i64,
) {
    use domain::reviews::{next_item, submit, VerdictInput};
    let owner = domain::users::get(db, 1).await.unwrap();
    let w: domain::sampling::Week = week.parse().unwrap();
    let (start, _) = w.bounds(domain::business::calendar(db).await.unwrap());
    let items: Vec<_> = (0..n)
        .map(|i| NewOutput::plain(format!("{verdict} {week} {i}"), format!("{week}-{i}"), start + Duration::hours(i)))
        .collect();
    ingest.many(tp, &items).await.unwrap();
    domain::sampling::draw_week(db, w).await.unwrap();
    while let Some(item) = next_item(db, owner.id).await.unwrap() {
        let v = VerdictInput { verdict: verdict.into(), note: "checked".into(), ..Default::default() };
        submit(db, &owner, item, v).await.unwrap();
    }
}
