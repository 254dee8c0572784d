//! `cargo xtask bench`: ingest throughput and latency of the real server over
//! loopback, against the raw ceiling of the same SQLite setup, and the
//! server's memory. Each figure is the median of three runs.

mod bundle;
mod checks;
mod detection;
mod export;
mod ingest;
mod pages;
mod sampling;
mod server;
mod soak;

use anyhow::Result;

#[tokio::main]
async fn main() -> Result<()> {
    let bin = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: bench <path to secondlook>"))?;
    let dir = tempfile::tempdir()?;
    // `bench <bin> pages` runs only the page-speed part; `bench <bin> soak
    // [SECONDS]` only the soak (10 minutes unless told).
    let soak_seconds = match std::env::args().nth(2).as_deref() {
        None | Some("soak") => std::env::args().nth(3).map(|s| s.parse::<u64>()).transpose()?.unwrap_or(600),
        Some(_) => 600,
    };
    match std::env::args().nth(2).as_deref() {
        Some("pages") => return print_pages(&bin, dir.path()).await,
        // `bench <bin> detection`: the quality watch against the plain rule.
        Some("detection") => {
            // `detection [N] [pilot|expanding]`: N touchpoint-years per scenario
            // (200 unless told), at the default plan and a pilot's, or one.
            let n = std::env::args().nth(3).map(|s| s.parse::<usize>()).transpose()?.unwrap_or(200);
            let stages = match std::env::args().nth(4) {
                Some(s) => vec![s.parse::<domain::touchpoints::Stage>()?],
                None => vec![domain::touchpoints::Stage::Expanding, domain::touchpoints::Stage::Pilot],
            };
            for stage in stages {
                println!("{}", detection::table(dir.path(), n, stage).await?);
            }
            return Ok(());
        }
        // `bench <bin> checks [why]`: precision and recall of each fact check
        // on the labelled set (with `why`, every miss), and their speed.
        Some("checks") => {
            let why = std::env::args().nth(3).as_deref() == Some("why");
            println!("{}", checks::accuracy(&std::env::current_dir()?, why)?);
            let (ms, what) = checks::one_output(2001);
            println!("\n| one output checked by all six checks ({what}), median of 2,001 | {ms:.3} ms | under 5 ms |");
            let http = checks::over_http(&bin, dir.path()).await?;
            println!(
                "| POST /api/v1/check, the same output, over loopback (median of 500) | {http:.2} ms | under 5 ms |"
            );
            let (with, without) = checks::batch_ingest(dir.path(), 20_000).await?;
            println!(
                "| batch ingest of 20,000 outputs (batches of 1,000), with the checks / without (median of 3) | {:.2} s / {:.2} s = {:.2}× | at most 1.15× |",
                with, without, with / without
            );
            return Ok(());
        }
        // `bench <bin> bundle`: the client bundle's size, raw and gzipped.
        Some("bundle") => {
            println!("{}", bundle::run(&std::env::current_dir()?)?);
            return Ok(());
        }
        // `bench <bin> export`: the oversight record's export at 1,000,000 outputs.
        Some("export") => {
            println!("{}", export::run(&bin, dir.path()).await?);
            return Ok(());
        }
        // `bench <bin> ingest`: ingest alone, with its floor and shares.
        Some("ingest") => {
            println!("{}", ingest::run(&bin).await?);
            return Ok(());
        }
        Some("soak") => {
            println!("{}", soak::run(&bin, dir.path(), soak_seconds).await?);
            return Ok(());
        }
        _ => {}
    }
    println!("{}", bundle::run(&std::env::current_dir()?)?);
    let report = ingest::run(&bin).await?;
    println!("{report}");
    let (seconds, population) = sampling::run(dir.path()).await?;
    println!(
        "| drawing one week ({population} outputs) of a touchpoint with 1,000,000 stored | {:.0} ms | well under 1 s |",
        seconds * 1000.0
    );
    print_pages(&bin, dir.path()).await?;
    println!("{}", export::run(&bin, dir.path()).await?);
    println!("{}", soak::run(&bin, dir.path(), soak_seconds).await?);
    Ok(())
}

async fn print_pages(bin: &str, dir: &std::path::Path) -> Result<()> {
    let (times, verdicts) = pages::run(bin, dir).await?;
    println!(
        "\nEvery page, 50 touchpoints, 1,000,000 outputs, {verdicts} verdicts (first response, and median of 21):\n"
    );
    println!("| page | first | median | target |\n|---|---|---|---|");
    for (page, first, ms) in &times {
        println!("| `{page}` | {first:.1} ms | {ms:.1} ms | under 10 ms |");
    }
    let over: Vec<&str> = times.iter().filter(|(_, _, ms)| *ms >= 10.0).map(|(p, ..)| *p).collect();
    println!(
        "\n{} of {} pages under 10 ms{}",
        times.len() - over.len(),
        times.len(),
        if over.is_empty() { String::new() } else { format!("; over: {}", over.join(", ")) }
    );
    Ok(())
}
