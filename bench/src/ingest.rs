//! Ingest: single requests at 32 concurrent connections, batches of 1000, the
//! same rows written straight to SQLite through the same storage code, and
//! the floor: plain INSERTs of the same columns into the same schema and
//! pragmas with no app code at all (one row per transaction, and 1000).

use domain::touchpoints::Validate as _;

use std::{fmt, sync::Arc, time::Instant};

use anyhow::{ensure, Result};
use domain::{
    outputs::{Ingestor, NewOutput},
    touchpoints::{self, TouchpointInput},
    Actor,
};
use serde_json::json;

use crate::server::Server;

const CONCURRENCY: usize = 32;
const SINGLE_REQUESTS: usize = 20_000;
const BATCHES: usize = 60;
const BATCH_SIZE: usize = 1000;
const RAW_ROWS: usize = 20_000;
const RUNS: usize = 3;

pub struct Report {
    single_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    batch_per_s: f64,
    raw_row_per_s: f64,
    raw_batched_per_s: f64,
    floor_row_per_s: f64,
    floor_batched_per_s: f64,
    peak_rss_mb: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn body(run: usize, i: usize) -> serde_json::Value {
    json!({"output": format!("Hello, your table for 4 is booked for Friday at 7pm. Ref {run}-{i}."),
           "input": "Can I book a table for Friday?", "external_id": format!("r{run}-{i}"), "model": "bench-model-1"})
}

async fn single(server: &Server, run: usize) -> Result<(f64, Vec<f64>)> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build()?;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, next, url, token) =
            (client.clone(), next.clone(), format!("{}/api/v1/outputs", server.address), server.token.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= SINGLE_REQUESTS {
                    return anyhow::Ok(latencies);
                }
                let t = Instant::now();
                let r = client.post(&url).bearer_auth(&token).json(&body(run, i)).send().await?;
                ensure!(r.status() == 201, "unexpected answer {}", r.status());
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut all = Vec::with_capacity(SINGLE_REQUESTS);
    for t in tasks {
        all.extend(t.await??);
    }
    let rate = SINGLE_REQUESTS as f64 / started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    Ok((rate, all))
}

async fn batches(server: &Server, run: usize) -> Result<f64> {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/outputs/batch", server.address);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let (client, url, token) = (client.clone(), url.clone(), server.token.clone());
        tasks.push(tokio::spawn(async move {
            for b in (worker..BATCHES).step_by(4) {
                let items: Vec<_> = (0..BATCH_SIZE).map(|i| body(run + 100, b * BATCH_SIZE + i)).collect();
                let r = client.post(&url).bearer_auth(&token).json(&json!({"outputs": items})).send().await?;
                ensure!(r.status() == 200, "unexpected answer {}", r.status());
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok((BATCHES * BATCH_SIZE) as f64 / started.elapsed().as_secs_f64())
}

fn raw_item(i: usize) -> NewOutput {
    let mut item = NewOutput::plain(
        format!("Hello, your table for 4 is booked for Friday at 7pm. Ref {i}."),
        format!("raw-{i}"),
        chrono::Utc::now(),
    );
    item.input = Some("Can I book a table for Friday?".into());
    item.model = Some("bench-model-1".into());
    item
}

/// A freshly migrated file `<name>-<run>.db` with one touchpoint: its URL, pool and touchpoint.
async fn fresh(dir: &std::path::Path, name: &str, run: usize) -> Result<(String, domain::Db, touchpoints::Touchpoint)> {
    let url = format!("sqlite://{}/{name}-{run}.db", dir.display());
    let db = domain::db::open_and_migrate(&url).await?;
    let input =
        TouchpointInput { name: name.into(), kind: "other".into(), policy: "sample".into(), ..Default::default() };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate()?).await?.touchpoint;
    Ok((url, db, tp))
}

/// The same rows straight into a fresh database with the same settings.
async fn raw(dir: &std::path::Path, run: usize) -> Result<(f64, f64)> {
    let (url, _db, tp) = fresh(dir, "raw", run).await?;
    let ingest = Ingestor::open(&url).await?;
    let items: Vec<NewOutput> = (0..RAW_ROWS * 2).map(raw_item).collect();
    let started = Instant::now();
    for item in &items[..RAW_ROWS] {
        ingest.alone((&tp).into(), item).await?;
    }
    let per_row = RAW_ROWS as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    for chunk in items[RAW_ROWS..].chunks(BATCH_SIZE) {
        ingest.many(&tp, chunk).await?;
    }
    let batched = RAW_ROWS as f64 / started.elapsed().as_secs_f64();
    Ok((per_row, batched))
}

/// Plain SQLite: each row one INSERT of the columns ingest writes, on one
/// connection of a freshly migrated file (WAL, synchronous=NORMAL, the same
/// indexes and triggers), RAW_ROWS in their own transactions, then RAW_ROWS
/// in transactions of BATCH_SIZE.
async fn floor(dir: &std::path::Path, run: usize) -> Result<(f64, f64)> {
    let (_, db, tp) = fresh(dir, "floor", run).await?;
    let mut conn = db.acquire().await?;
    const INSERT: &str =
        "INSERT INTO outputs (touchpoint_id, external_id, output, input, model, produced_at, received_at,
        content_hash, length, status, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', 'api')";
    async fn one(conn: &mut sqlx::SqliteConnection, tp: i64, item: &NewOutput) -> Result<()> {
        sqlx::query(INSERT)
            .bind(tp)
            .bind(&item.external_id)
            .bind(&item.output)
            .bind(&item.input)
            .bind(&item.model)
            .bind(item.produced_at)
            .bind(item.produced_at)
            .bind(&item.external_id)
            .bind(item.output.len() as i64)
            .execute(conn)
            .await?;
        Ok(())
    }
    let items: Vec<NewOutput> = (0..RAW_ROWS * 2).map(|i| raw_item(i + 1_000_000)).collect();
    let started = Instant::now();
    for item in &items[..RAW_ROWS] {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        one(&mut tx, tp.id, item).await?;
        tx.commit().await?;
    }
    let per_row = RAW_ROWS as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    for chunk in items[RAW_ROWS..].chunks(BATCH_SIZE) {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        for item in chunk {
            one(&mut tx, tp.id, item).await?;
        }
        tx.commit().await?;
    }
    let batched = RAW_ROWS as f64 / started.elapsed().as_secs_f64();
    Ok((per_row, batched))
}

pub async fn run(bin: &str) -> Result<Report> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    // The fact checks run on every output, against a 200-item price list.
    let db = domain::db::open_and_migrate(&url).await?;
    domain::facts::set(&db, &Actor::Cli, crate::checks::big_facts()).await?;
    db.close().await;
    let server = Server::start(bin, &url)?;
    let (mut singles, mut p50s, mut p99s, mut batch, mut raw_row, mut raw_batch) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut floor_row, mut floor_batch) = (vec![], vec![]);
    for run in 0..RUNS {
        let (rate, latencies) = single(&server, run).await?;
        singles.push(rate);
        p50s.push(percentile(&latencies, 0.50));
        p99s.push(percentile(&latencies, 0.99));
        batch.push(batches(&server, run).await?);
        let (row, batched) = raw(dir.path(), run).await?;
        raw_row.push(row);
        raw_batch.push(batched);
        let (row, batched) = floor(dir.path(), run).await?;
        floor_row.push(row);
        floor_batch.push(batched);
    }
    Ok(Report {
        single_per_s: median(singles),
        p50_ms: median(p50s),
        p99_ms: median(p99s),
        batch_per_s: median(batch),
        raw_row_per_s: median(raw_row),
        raw_batched_per_s: median(raw_batch),
        floor_row_per_s: median(floor_row),
        floor_batched_per_s: median(floor_batch),
        peak_rss_mb: server.peak_rss_mb(),
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Ingest benchmark (median of {RUNS} runs, {} cores)",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        )?;
        writeln!(f, "| measure | result | target |")?;
        writeln!(f, "|---|---|---|")?;
        writeln!(f, "| single requests, {CONCURRENCY} connections | {:.0} outputs/s | ≥ 5,000 |", self.single_per_s)?;
        writeln!(f, "| single latency p50 / p99 | {:.2} ms / {:.2} ms | p99 < 25 ms |", self.p50_ms, self.p99_ms)?;
        writeln!(f, "| batches of {BATCH_SIZE} | {:.0} outputs/s | ≥ 50,000 |", self.batch_per_s)?;
        writeln!(f, "| the app's storage code, one transaction per row | {:.0} rows/s | |", self.raw_row_per_s)?;
        writeln!(
            f,
            "| the app's storage code, {BATCH_SIZE} rows per transaction | {:.0} rows/s | |",
            self.raw_batched_per_s
        )?;
        writeln!(f, "| floor: plain INSERTs, one transaction per row | {:.0} rows/s | |", self.floor_row_per_s)?;
        writeln!(
            f,
            "| floor: plain INSERTs, {BATCH_SIZE} rows per transaction | {:.0} rows/s | |",
            self.floor_batched_per_s
        )?;
        writeln!(
            f,
            "| single requests ÷ floor per row | {:.0}% | ≥ 60% |",
            100.0 * self.single_per_s / self.floor_row_per_s
        )?;
        writeln!(
            f,
            "| batches ÷ floor batched | {:.0}% | ≥ 50% |",
            100.0 * self.batch_per_s / self.floor_batched_per_s
        )?;
        write!(f, "| server peak resident memory | {:.0} MB | < 150 MB |", self.peak_rss_mb)
    }
}
