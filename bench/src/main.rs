//! `cargo xtask bench`: ingest throughput and latency of the real server over
//! loopback, against the raw ceiling of the same SQLite setup, and the
//! server's memory. Each figure is the median of three runs.

mod ingest;
mod server;

use anyhow::Result;

#[tokio::main]
async fn main() -> Result<()> {
    let bin = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: bench <path to secondlook>"))?;
    let report = ingest::run(&bin).await?;
    println!("{report}");
    Ok(())
}
