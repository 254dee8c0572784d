//! `bench <bin> export`: the oversight record's export of 1,000,000 outputs
//! (with 65,000 verdicts) from the pages benchmark's database, by the real
//! binary: the command line's wall time and peak memory for one touchpoint
//! (20,000 outputs) against everything (50 times as many rows), and the
//! browser's download over loopback with the server's memory before and
//! after. Flat memory means the peak does not grow with the rows.

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result};

use crate::{pages, server::Server};

/// Peak resident memory (VmHWM) of a running process, in MB.
fn peak_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok().map(|kb| kb / 1024.0)
}

/// One `secondlook export` run: (seconds, peak MB, bytes written).
fn cli_run(bin: &str, url: &str, dir: &std::path::Path, args: &[&str]) -> Result<(f64, f64, u64)> {
    let out = dir.join("export.out");
    let started = Instant::now();
    let mut child = Command::new(bin)
        .arg("export")
        .args(args)
        .arg("--out")
        .arg(&out)
        .env("SECONDLOOK_DATABASE_URL", url)
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting secondlook export")?;
    // VmHWM only grows, so the last reading before the exit is the peak
    // but for the final few milliseconds.
    let mut peak = 0.0f64;
    let status = loop {
        if let Some(mb) = peak_mb(child.id()) {
            peak = peak.max(mb);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    anyhow::ensure!(status.success(), "secondlook export {args:?} failed");
    let seconds = started.elapsed().as_secs_f64();
    Ok((seconds, peak, std::fs::metadata(&out)?.len()))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Three runs of `args`: median seconds, the highest peak MB, bytes.
fn cli(bin: &str, url: &str, dir: &std::path::Path, args: &[&str]) -> Result<(f64, f64, u64)> {
    let runs = (0..3).map(|_| cli_run(bin, url, dir, args)).collect::<Result<Vec<_>>>()?;
    let bytes = runs[0].2;
    Ok((median(runs.iter().map(|r| r.0).collect()), runs.iter().map(|r| r.1).fold(0.0, f64::max), bytes))
}

pub async fn run(bin: &str, dir: &std::path::Path) -> Result<String> {
    let url = format!("sqlite://{}/export.db", dir.display());
    let verdicts = pages::fill(&url).await?;
    let mut out = String::from("| export | result | target |\n|---|---|---|\n");
    let (one_s, one_mb, one_bytes) = cli(bin, &url, dir, &["--touchpoint", "25"])?;
    let (all_s, all_mb, all_bytes) = cli(bin, &url, dir, &[])?;
    let (json_s, json_mb, _) = cli(bin, &url, dir, &["--format", "jsonl"])?;
    let mb = |b: u64| b as f64 / 1e6;
    out += &format!(
        "| `secondlook export`, 1 touchpoint (20,000 outputs) CSV, median of 3 | {one_s:.2} s, peak {one_mb:.0} MB, {:.1} MB written | |\n",
        mb(one_bytes)
    );
    out += &format!(
        "| `secondlook export`, all 1,000,000 outputs ({verdicts} verdicts) CSV, median of 3 | {all_s:.1} s ({:.0} rows/s), peak {all_mb:.0} MB, {:.0} MB written | under 30 s |\n",
        1e6 / all_s,
        mb(all_bytes)
    );
    out += &format!("| the same as JSON Lines | {json_s:.1} s, peak {json_mb:.0} MB | under 30 s |\n");
    out += &format!(
        "| peak memory, 1,000,000 rows ÷ 20,000 rows (50× the rows) | {:.2}× | flat: about 1× |\n",
        all_mb / one_mb
    );

    // The browser's way: GET /export/file, streamed through the server.
    let server = Server::serve(bin, &url, String::new())?;
    let client = pages::owner_client(&server).await?;
    let before = server.status_kb("VmRSS:") / 1024.0;
    let mut times = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut resp = client.get(format!("{}/export/file?what=outputs&format=csv", server.address)).send().await?;
        anyhow::ensure!(resp.status().is_success(), "the download answered {}", resp.status());
        let mut bytes = 0u64;
        while let Some(chunk) = resp.chunk().await? {
            bytes += chunk.len() as u64;
        }
        anyhow::ensure!(bytes == all_bytes, "the download had {bytes} bytes, the command line wrote {all_bytes}");
        times.push(started.elapsed().as_secs_f64());
    }
    out += &format!(
        "| GET /export/file, all outputs CSV over loopback, median of 3 | {:.1} s; server resident memory {before:.0} MB before, peak {:.0} MB | under 30 s |\n",
        median(times),
        server.peak_rss_mb()
    );
    Ok(out)
}
