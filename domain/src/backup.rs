//! Backups: a consistent copy of the live database while the server keeps
//! serving (`VACUUM INTO` reads one snapshot), and a checked restore.

use std::path::{Path, PathBuf};

use sqlx::{sqlite::SqliteConnectOptions, ConnectOptions, Connection};

use crate::{db, Db, DomainError, Result};

/// Writes a consistent copy of `db` to `target` (which must not exist yet).
pub async fn backup(db: &Db, target: &Path) -> Result<u64> {
    if target.exists() {
        return Err(DomainError::invalid(
            "file",
            format!("{} already exists; choose a new file name.", target.display()),
        ));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(DomainError::invalid("file", format!("the folder {} does not exist.", dir.display())));
        }
    }
    sqlx::query("VACUUM INTO ?").bind(target.to_string_lossy().to_string()).execute(db).await?;
    Ok(std::fs::metadata(target).map(|m| m.len()).unwrap_or(0))
}

/// What a backup file holds, once checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The newest schema version in the backup.
    pub version: i64,
    pub outputs: i64,
    pub users: i64,
}

/// Checks a backup without changing it: SQLite's integrity check, a Second
/// Look schema, and no migration newer than this program knows.
pub async fn check(file: &Path) -> Result<Checked> {
    if !file.is_file() {
        return Err(DomainError::invalid("file", format!("{} is not a file.", file.display())));
    }
    let opts = SqliteConnectOptions::new().filename(file).read_only(true);
    let mut conn = opts
        .connect()
        .await
        .map_err(|e| DomainError::invalid("file", format!("{} cannot be opened as a database: {e}", file.display())))?;
    let not_db =
        |e: sqlx::Error| DomainError::invalid("file", format!("{} is not a Second Look backup ({e}).", file.display()));
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.map_err(not_db)?;
    if integrity != "ok" {
        return Err(DomainError::invalid("file", format!("{} is damaged: {integrity}", file.display())));
    }
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(&mut conn)
        .await
        .map_err(not_db)?;
    let known = sqlx::migrate!("../migrations").iter().map(|m| m.version).max().unwrap_or(0);
    if version > known {
        return Err(DomainError::invalid(
            "file",
            format!(
                "{} comes from a newer Second Look (schema {version}, this one knows {known}); upgrade first.",
                file.display()
            ),
        ));
    }
    let outputs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&mut conn).await.map_err(not_db)?;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut conn).await.map_err(not_db)?;
    conn.close().await.ok();
    Ok(Checked { version, outputs, users })
}

/// Replaces the database at `url` with the checked backup `file`, keeping
/// the old one beside it, then brings the schema up to date. The server
/// must be stopped first. Returns where the old database was kept.
pub async fn restore(url: &str, file: &Path) -> Result<(Checked, Option<PathBuf>)> {
    let checked = check(file).await?;
    let live = db::connect_options(url)
        .map_err(|e| DomainError::invalid("database", e.to_string()))?
        .get_filename()
        .to_path_buf();
    let staging = live.with_extension("restoring");
    std::fs::copy(file, &staging)
        .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("copying the backup next to the database failed: {e}")))?;
    let kept = if live.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
        let old = live.with_extension(format!("before-restore-{stamp}.db"));
        std::fs::rename(&live, &old)
            .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("moving the current database aside failed: {e}")))?;
        Some(old)
    } else {
        None
    };
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", live.display()));
        if side.exists() {
            if let Some(old) = &kept {
                let _ = std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", old.display())));
            }
        }
    }
    std::fs::rename(&staging, &live)
        .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("putting the backup in place failed: {e}")))?;
    db::open_and_migrate(url)
        .await
        .map_err(|e| {
            DomainError::Unexpected(anyhow::anyhow!("the restored database could not be brought up to date: {e}"))
        })?
        .close()
        .await;
    Ok((checked, kept))
}
