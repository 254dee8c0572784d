//! `secondlook report --month 2026-11 [--out FILE]`: the printable monthly
//! report, the same page the web app serves at /monthly/2026-11/report.

use anyhow::Context;

use crate::config::Settings;

pub async fn run(settings: &Settings, month: &str, out: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let m: domain::monthly::Month = month.parse()?;
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let html = domain::monthly::report::render(&db, m, chrono::Utc::now()).await?;
    match out {
        Some(path) => std::fs::write(&path, html).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{html}"),
    }
    Ok(())
}
