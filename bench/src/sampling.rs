//! Drawing a week's sample on a touchpoint holding 1,000,000 outputs.

use domain::touchpoints::Validate as _;

use std::time::Instant;

use anyhow::Result;
use chrono::{Duration, TimeZone, Utc};
use domain::{
    outputs::{Ingestor, NewOutput},
    sampling::{draw_week, Week},
    touchpoints::{self, TouchpointInput},
    Actor,
};

const OUTPUTS: usize = 1_000_000;
const WEEKS: i64 = 20;

/// Seconds to draw one week (median of three different weeks) and the week's size.
pub async fn run(dir: &std::path::Path) -> Result<(f64, usize)> {
    let url = format!("sqlite://{}/sampling.db", dir.display());
    let db = domain::db::open_and_migrate(&url).await?;
    let input = TouchpointInput {
        name: "Big".into(),
        kind: "other".into(),
        policy: "sample".into(),
        risk_rules: "refund".into(),
        ..Default::default()
    };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate()?).await?.touchpoint;
    let ingest = Ingestor::open(&url).await?;
    let start = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    let step = Duration::weeks(WEEKS).num_seconds() / OUTPUTS as i64;
    for chunk in (0..OUTPUTS).collect::<Vec<_>>().chunks(10_000) {
        let items: Vec<NewOutput> = chunk
            .iter()
            .map(|&i| {
                NewOutput::plain(
                    format!("Thanks for your order {i}; it ships tomorrow."),
                    format!("o{i}"),
                    start + Duration::seconds(step * i as i64),
                )
            })
            .collect();
        ingest.many(&tp, &items).await?;
    }
    let first = Week::containing(start, Default::default());
    let mut times = Vec::new();
    let mut population = 0;
    for w in [5, 10, 15] {
        let week = Week::of(first.monday() + Duration::weeks(w));
        let t = Instant::now();
        let drawn = draw_week(&db, week).await?;
        times.push(t.elapsed().as_secs_f64());
        population = drawn[0].population as usize;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok((times[1], population))
}
