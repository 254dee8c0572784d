//! Shared set-up for the domain's database tests.
#![allow(dead_code)]

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
    };
    business::setup(&db, &Actor::Cli, owner).await.unwrap();
    let input = TouchpointInput { name: "Replies".into(), kind: "email".into(), policy: "sample".into(), risk_rules: "refund".into(), ..Default::default() };
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

