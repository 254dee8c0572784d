//! The soak: a release server under steady mixed traffic for a bounded time
//! (10 minutes by default): tools posting outputs, an owner browsing pages,
//! a reviewer giving verdicts and an approver clearing held outputs, all at
//! once over loopback. It fails on any error answer or a memory trend, and
//! reports each kind of request's p50/p99 and the server's memory over time.

use std::{
    collections::BTreeMap,
    io::Write,
    process::{Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::{ensure, Context, Result};
use chrono::{Datelike, Utc};
use serde_json::json;

use crate::server::Server;

const PASSWORD: &str = "soak-owner-password";

/// Latencies (ms) and error answers per kind of request.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<f64>>,
    errors: Vec<String>,
}

type Shared = Arc<Mutex<Tally>>;

fn cli(bin: &str, url: &str, args: &[&str], stdin: &str) -> Result<String> {
    let mut child = Command::new(bin)
        .args(args)
        .env("SECONDLOOK_DATABASE_URL", url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("running secondlook {}", args.join(" ")))?;
    child.stdin.take().context("stdin")?.write_all(stdin.as_bytes())?;
    let out = child.wait_with_output()?;
    ensure!(out.status.success(), "secondlook {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn token_of(json_out: &str) -> Result<(i64, String)> {
    let v: serde_json::Value = serde_json::from_str(json_out)?;
    Ok((v["id"].as_i64().context("id")?, v["token"].as_str().context("token")?.to_string()))
}

/// Times one request to its last byte (pages stream) and files it under
/// `kind`; any non-2xx is an error. Returns the body read as JSON, if it is.
async fn timed(tally: &Shared, kind: &'static str, req: reqwest::RequestBuilder) -> Option<serde_json::Value> {
    let t = Instant::now();
    let result = match req.send().await {
        Ok(resp) if resp.status().is_success() => resp.bytes().await.map_err(|e| format!("{kind}: {e}")),
        Ok(resp) => Err(format!("{kind}: {}", resp.status())),
        Err(e) => Err(format!("{kind}: {e}")),
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let failed = match result {
        Ok(body) => {
            tally.lock().unwrap().latencies.entry(kind).or_default().push(ms);
            return serde_json::from_slice(&body).ok();
        }
        Err(e) => e,
    };
    tally.lock().unwrap().errors.push(failed);
    None
}

struct Setup {
    server: Server,
    owner: reqwest::Client,
    replies: String,
    quotes: String,
    quotes_id: i64,
    items: Vec<i64>,
}

async fn set_up(bin: &str, dir: &std::path::Path) -> Result<Setup> {
    let url = format!("sqlite://{}/soak.db", dir.display());
    let setup = [
        "setup",
        "--business",
        "Soak Bakery",
        "--timezone",
        "Europe/London",
        "--owner-email",
        "owner@soak.test",
        "--owner-name",
        "Olive",
    ];
    cli(bin, &url, &setup, &format!("{PASSWORD}\n"))?;
    let (_, replies) = token_of(&cli(
        bin,
        &url,
        &["touchpoint", "add", "--name", "Replies", "--kind", "email", "--policy", "sample", "--json"],
        "",
    )?)?;
    let (quotes_id, quotes) = token_of(&cli(
        bin,
        &url,
        &[
            "touchpoint",
            "add",
            "--name",
            "Quotes",
            "--kind",
            "finance",
            "--policy",
            "gate",
            "--stakes",
            "low",
            "--json",
        ],
        "",
    )?)?;
    let server = Server::serve(bin, &url, replies.clone())?;
    // Outputs of two weeks ago and their sample, for the reviewer (the
    // server draws last week itself as it starts, before any arrive).
    let last_week = Utc::now() - chrono::Duration::days(14);
    let outputs: Vec<_> = (0..1000)
        .map(|i| json!({"output": format!("Reply {i} from last week"), "produced_at": last_week.to_rfc3339()}))
        .collect();
    let batch = reqwest::Client::new()
        .post(format!("{}/api/v1/outputs/batch", server.address))
        .bearer_auth(&replies)
        .json(&json!({"outputs": outputs}))
        .send()
        .await?;
    ensure!(batch.status().is_success(), "last week's outputs: {}", batch.status());
    let week = format!("{}-W{:02}", last_week.iso_week().year(), last_week.iso_week().week());
    cli(bin, &url, &["sample", "--week", &week], "")?;
    let db = domain::db::open(&url).await?;
    let items: Vec<i64> = sqlx::query_scalar("SELECT id FROM review_items").fetch_all(&db).await?;
    ensure!(!items.is_empty(), "nothing was drawn for {week}");
    let owner = reqwest::Client::builder().cookie_store(true).build()?;
    let login = owner
        .post(format!("{}/api/login", server.address))
        .form(&[("email", "owner@soak.test"), ("password", PASSWORD)])
        .send()
        .await?;
    ensure!(login.status().is_success() || login.status().is_redirection(), "login answered {}", login.status());
    Ok(Setup { server, owner, replies, quotes, quotes_id, items })
}

/// Runs `step` every `pause` until `until`.
async fn every<F, Fut>(until: Instant, pause: Duration, mut step: F)
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut n = 0;
    while Instant::now() < until {
        step(n).await;
        n += 1;
        tokio::time::sleep(pause).await;
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Current resident memory of the server (VmRSS), in MB.
fn rss_mb(server: &Server) -> f64 {
    server.status_kb("VmRSS:") / 1024.0
}

pub async fn run(bin: &str, dir: &std::path::Path, seconds: u64) -> Result<String> {
    ensure!(seconds >= 20, "a soak needs at least 20 seconds to say anything about memory");
    let s = set_up(bin, dir).await?;
    let tally: Shared = Arc::default();
    let until = Instant::now() + Duration::from_secs(seconds);
    let address = s.server.address.clone();
    let held = Arc::new(Mutex::new(Vec::<i64>::new()));
    let tools = reqwest::Client::new();
    let mut tasks = Vec::new();
    for (kind, token, pause) in [("ingest reply", s.replies.clone(), 4), ("ingest quote", s.quotes.clone(), 60)] {
        let (tally, tools, address, held) = (tally.clone(), tools.clone(), address.clone(), held.clone());
        tasks.push(tokio::spawn(async move {
            every(until, Duration::from_millis(pause), |n| {
                let req = tools
                    .post(format!("{address}/api/v1/outputs"))
                    .bearer_auth(&token)
                    .json(&json!({"output": format!("Output {n}: your order ships Friday."), "model": "soak-1"}));
                let (tally, held) = (tally.clone(), held.clone());
                async move {
                    if let Some(v) = timed(&tally, kind, req).await {
                        if kind == "ingest quote" {
                            held.lock().unwrap().extend(v["id"].as_i64());
                        }
                    }
                }
            })
            .await
        }));
    }
    let pages = [
        "/".to_string(),
        "/touchpoints".into(),
        format!("/touchpoints/{}", s.quotes_id),
        "/review".into(),
        "/approvals".into(),
        "/alerts".into(),
    ];
    let (o, t, a) = (s.owner.clone(), tally.clone(), address.clone());
    tasks.push(tokio::spawn(async move {
        every(until, Duration::from_millis(25), |n| {
            let (t, req) = (t.clone(), o.get(format!("{a}{}", pages[n as usize % pages.len()])));
            async move {
                timed(&t, "page", req).await;
            }
        })
        .await
    }));
    let (o, t, a, items) = (s.owner.clone(), tally.clone(), address.clone(), s.items.clone());
    tasks.push(tokio::spawn(async move {
        every(until, Duration::from_millis(50), |n| {
            let item = items[n as usize % items.len()].to_string();
            // Every seventh verdict is a failure (which needs a note).
            let fields = if n % 7 == 0 {
                vec![("item_id", item), ("verdict", "fail".into()), ("note", "Wrong day".into())]
            } else {
                vec![("item_id", item), ("verdict", "pass".into())]
            };
            let (t, req) = (t.clone(), o.post(format!("{a}/api/reviews/verdict")).form(&fields));
            async move {
                timed(&t, "verdict", req).await;
            }
        })
        .await
    }));
    let (o, t, a) = (s.owner.clone(), tally.clone(), address.clone());
    tasks.push(tokio::spawn(async move {
        // Faster than quotes arrive, so the approval queue stays short.
        every(until, Duration::from_millis(30), |_| {
            let next = held.lock().unwrap().pop();
            let (o, t, a) = (o.clone(), t.clone(), a.clone());
            async move {
                if let Some(id) = next {
                    let fields = [
                        ("id", id.to_string()),
                        ("decision", "approve".into()),
                        ("edited_text", String::new()),
                        ("reason", String::new()),
                    ];
                    timed(&t, "approval", o.post(format!("{a}/api/approvals/decide")).form(&fields)).await;
                }
            }
        })
        .await
    }));
    let started = Instant::now();
    let mut memory = Vec::new();
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_secs(5).min(until.saturating_duration_since(Instant::now()))).await;
        memory.push((started.elapsed().as_secs(), rss_mb(&s.server)));
    }
    for task in tasks {
        task.await?;
    }
    let tally = tally.lock().unwrap();
    report(&tally, &memory, seconds)
}

/// The report, or an error when any answer failed or memory kept growing.
fn report(tally: &Tally, memory: &[(u64, f64)], seconds: u64) -> Result<String> {
    ensure!(
        tally.errors.is_empty(),
        "{} error answers during the soak, first: {:?}",
        tally.errors.len(),
        &tally.errors[..tally.errors.len().min(5)]
    );
    let mut out = format!("| soak: {:.1} min of mixed traffic on loopback | | |\n", seconds as f64 / 60.0);
    let mut total = 0;
    for (kind, latencies) in &tally.latencies {
        let mut sorted = latencies.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        total += sorted.len();
        out += &format!(
            "| soak {kind}: {} requests ({:.0}/s) | p50 {:.1} ms, p99 {:.1} ms | no errors |\n",
            sorted.len(),
            sorted.len() as f64 / seconds as f64,
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.99)
        );
    }
    // Flat memory: the last quarter's median against the second quarter's.
    let quarter = |q: usize| {
        let n = memory.len();
        let mut part: Vec<f64> =
            memory[n * q / 4..(n * (q + 1) / 4).max(n * q / 4 + 1).min(n)].iter().map(|m| m.1).collect();
        part.sort_by(|a, b| a.total_cmp(b));
        part[part.len() / 2]
    };
    let (early, late) = (quarter(1), quarter(3));
    let peak = memory.iter().map(|m| m.1).fold(0.0, f64::max);
    out += &format!("| soak memory (resident): {early:.0} MB in the second quarter, {late:.0} MB in the last, peak {peak:.0} MB; {total} requests, 0 errors | ratio {:.2} | flat (under 1.25) |", late / early);
    ensure!(late / early < 1.25, "memory kept growing during the soak: {early:.0} MB → {late:.0} MB\n{out}");
    Ok(out)
}
