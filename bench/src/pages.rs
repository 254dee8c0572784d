//! Page speed with a busy history: 50 touchpoints, 1,000,000 outputs and
//! 50,000 verdicts. Times the dashboard and a touchpoint page as rendered by
//! the real server (median of 21 requests each, over loopback).

use domain::touchpoints::Validate as _;

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Duration, TimeZone, Utc};
use domain::{
    business,
    outputs::{Ingestor, NewOutput},
    sampling::{draw_week, Week},
    touchpoints::{self, TouchpointInput},
    Actor,
};

use crate::server::Server;

const TOUCHPOINTS: usize = 50;
const OUTPUTS: usize = 1_000_000;
const WEEKS: i64 = 20;
const PASSWORD: &str = "bench-password-1";

/// The benchmark's busy history in a fresh database at `url`; the verdicts stored.
pub async fn fill(url: &str) -> Result<i64> {
    let db = domain::db::open_and_migrate(url).await?;
    let setup = business::Setup {
        business_name: "Bench".into(),
        timezone: "UTC".into(),
        owner_email: "owner@bench.test".into(),
        owner_name: "Owner".into(),
        owner_password: PASSWORD.into(),
        ..Default::default()
    };
    business::setup(&db, &Actor::Cli, setup).await?;
    let ingest = Ingestor::open(url).await?;
    let start = Utc.with_ymd_and_hms(2026, 7, 6, 0, 0, 0).unwrap();
    let per_tp = OUTPUTS / TOUCHPOINTS;
    let step = Duration::weeks(WEEKS).num_seconds() / per_tp as i64;
    for t in 0..TOUCHPOINTS {
        let input = TouchpointInput {
            name: format!("Tool {t}"),
            kind: "email".into(),
            policy: "sample".into(),
            sampling_mode: "fixed".into(),
            fixed_per_week: "50".into(),
            ..Default::default()
        };
        let tp = touchpoints::create(&db, &Actor::Cli, input.validate()?).await?.touchpoint;
        for chunk in (0..per_tp).collect::<Vec<_>>().chunks(10_000) {
            let items: Vec<NewOutput> = chunk
                .iter()
                .map(|&i| NewOutput {
                    model: Some(if i < per_tp * 3 / 4 { "model-a" } else { "model-b" }.into()),
                    ..NewOutput::plain(
                        format!("Thanks for order {i}; it ships tomorrow."),
                        format!("o{i}"),
                        start + Duration::seconds(step * i as i64),
                    )
                })
                .collect();
            ingest.many(&tp, &items).await?;
        }
    }
    let first = Week::containing(start, Default::default());
    for w in 0..WEEKS {
        draw_week(&db, Week::of(first.monday() + Duration::weeks(w))).await?;
    }
    // Verdicts in bulk (the benchmark measures reading them, not writing them).
    let done = sqlx::query(
        "INSERT INTO verdicts (output_id, review_item_id, reviewer_id, verdict, categories_json, created_at, updated_at)
         SELECT output_id, id, 1, CASE WHEN id % 19 = 0 THEN 'fail' ELSE 'pass' END,
                CASE WHEN id % 19 = 0 THEN '[\"inaccurate\"]' ELSE '[]' END, created_at, created_at
         FROM review_items",
    )
    .execute(&db)
    .await?
    .rows_affected();
    Ok(done as i64)
}

/// (the first response, the median of 21) in ms: the first is what a page
/// costs when nothing it shows is remembered yet.
async fn first_and_median_ms(client: &reqwest::Client, url: &str) -> Result<(f64, f64)> {
    let mut times = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        let resp = client.get(url).send().await?;
        anyhow::ensure!(resp.status().is_success(), "{url} answered {}", resp.status());
        resp.bytes().await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let first = times[0];
    times.sort_by(|a, b| a.total_cmp(b));
    Ok((first, times[times.len() / 2]))
}

/// A client logged in as the filled database's owner.
pub async fn owner_client(server: &Server) -> Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let login = client
        .post(format!("{}/api/login", server.address))
        .header("origin", &server.address)
        .form(&[("email", "owner@bench.test"), ("password", PASSWORD)])
        .send()
        .await
        .context("logging in")?;
    anyhow::ensure!(
        login.status().is_success() || login.status().is_redirection(),
        "login answered {}",
        login.status()
    );
    Ok(client)
}

/// Every page a person opens, on the same busy history (an item of the
/// review queue, a month of the monthly review, a touchpoint in the middle).
const PAGES: &[&str] = &[
    "/",
    "/review",
    "/review/1",
    "/approvals",
    "/touchpoints",
    "/touchpoints/25",
    "/touchpoints/25/import",
    "/touchpoints/new",
    "/onboarding",
    "/team",
    "/audit",
    "/export",
    "/alerts",
    "/settings",
    "/settings/facts",
    "/monthly/2026-10",
    "/monthly/2026-10/report",
    "/outbox",
    "/account",
];

/// (page, first ms, median ms) for every page, and the verdicts stored.
pub async fn run(bin: &str, dir: &std::path::Path) -> Result<(Vec<(&'static str, f64, f64)>, i64)> {
    // SECONDLOOK_BENCH_KEEP=<dir> keeps the database there for a closer look.
    let kept = std::env::var("SECONDLOOK_BENCH_KEEP").ok();
    let url = format!("sqlite://{}/pages.db", kept.as_deref().map_or(dir.display().to_string(), str::to_string));
    let verdicts = fill(&url).await?;
    let server = Server::serve(bin, &url, String::new())?;
    let client = owner_client(&server).await?;
    let mut times = Vec::new();
    for page in PAGES {
        let (first, median) = first_and_median_ms(&client, &format!("{}{page}", server.address)).await?;
        times.push((*page, first, median));
    }
    Ok((times, verdicts))
}
