//! `cargo xtask bench`: ingest throughput and latency of the real server over
//! loopback, against the raw ceiling of the same SQLite setup, and the
//! server's memory. Each figure is the median of three runs.

mod ingest;
mod sampling;
mod server;

use anyhow::Result;

#[tokio::main]
async fn main() -> Result<()> {
    let bin = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: bench <path to secondlook>"))?;
    let report = ingest::run(&bin).await?;
    println!("{report}");
    let dir = tempfile::tempdir()?;
    let (seconds, population) = sampling::run(dir.path()).await?;
    println!("| drawing one week ({population} outputs) of a touchpoint with 1,000,000 stored | {:.0} ms | well under 1 s |", seconds * 1000.0);
    Ok(())
}
