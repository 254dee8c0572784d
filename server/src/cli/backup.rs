//! `secondlook backup FILE` and `secondlook restore FILE --yes`.

use std::path::PathBuf;

use crate::config::Settings;

pub async fn backup(settings: &Settings, file: PathBuf) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let bytes = domain::backup::backup(&db, &file).await?;
    let checked = domain::backup::check(&file).await?;
    println!(
        "Backed up to {} ({:.1} MB, {} outputs, {} people). It was checked and is ready to restore.",
        file.display(),
        bytes as f64 / 1e6,
        checked.outputs,
        checked.users
    );
    if let Some(key) = domain::sealing::key_path(&settings.database_url).filter(|k| k.exists()) {
        // The backup holds webhook secrets sealed with this key, not the key.
        println!(
            "Webhook signing secrets in it open only with {}: keep a copy of that file somewhere else.",
            key.display()
        );
    }
    Ok(())
}

pub async fn restore(settings: &Settings, file: PathBuf, yes: bool) -> anyhow::Result<()> {
    if !yes {
        let checked = domain::backup::check(&file).await?;
        println!(
            "{} is a good backup ({} outputs, {} people). Restoring replaces the current database (kept beside it).\nStop the server, then run again with --yes.",
            file.display(),
            checked.outputs,
            checked.users
        );
        return Ok(());
    }
    let (checked, kept) = domain::backup::restore(&settings.database_url, &file).await?;
    println!("Restored {} ({} outputs, {} people).", file.display(), checked.outputs, checked.users);
    if let Some(old) = kept {
        println!("The database it replaced is kept as {}.", old.display());
    }
    Ok(())
}
