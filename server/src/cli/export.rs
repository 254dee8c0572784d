//! `secondlook export`: the oversight record to a file or standard output,
//! streamed like the download.

use std::io::Write;

use anyhow::Context;
use futures::StreamExt;

use crate::config::Settings;

pub async fn run(settings: &Settings, ask: domain::export::Ask, out: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let req = domain::export::check(&db, &ask).await?;
    let mut sink: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut chunks = Box::pin(domain::export::stream(db, req));
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        sink.write_all(&chunk).context("writing the export")?;
    }
    sink.flush().context("writing the export")?;
    Ok(())
}
