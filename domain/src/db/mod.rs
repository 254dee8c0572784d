//! Opening the SQLite database and bringing its schema up to date.

mod widen;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub type Db = sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the database URL '{0}' is not valid: {1}")]
    BadUrl(String, String),
    #[error("cannot create the data folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("cannot open the database {0}: {1}")]
    Open(String, sqlx::Error),
    #[error("cannot update the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot chain the audit log written by an earlier release: {0}")]
    Chain(String),
}

/// Accepts `sqlite://path`, `sqlite:path` or a plain file path.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, OpenError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(OpenError::BadUrl(url.into(), "it is empty".into()));
    }
    if url.contains("://") && !url.starts_with("sqlite:") {
        return Err(OpenError::BadUrl(url.into(), "only SQLite is supported: use sqlite://path/to/file.db".into()));
    }
    let full = if url.starts_with("sqlite:") { url.to_string() } else { format!("sqlite://{url}") };
    let opts = SqliteConnectOptions::from_str(&full).map_err(|e| OpenError::BadUrl(url.into(), e.to_string()))?;
    Ok(opts
        .create_if_missing(true)
        // WAL with synchronous=NORMAL: a commit survives the process being
        // killed at any moment (only an OS crash or power loss could drop
        // the last commits), and readers never block the writer.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true))
}

/// Opens (creating if needed) the database file and its folder.
pub async fn open(url: &str) -> Result<Db, OpenError> {
    let opts = connect_options(url)?;
    let file = opts.get_filename().to_path_buf();
    let in_memory = file.as_os_str().is_empty() || file == Path::new(":memory:");
    if !in_memory {
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| OpenError::Folder(dir.display().to_string(), e))?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await
        .map_err(|e| OpenError::Open(file.display().to_string(), e))?;
    Ok(pool)
}

/// Applies every pending migration. The server refuses to start if this fails.
pub async fn migrate(db: &Db) -> Result<(), OpenError> {
    sqlx::migrate!("../migrations").run(db).await?;
    widen::widen_checks(db).await.map_err(|e| OpenError::Migrate(sqlx::migrate::MigrateError::Execute(e)))?;
    crate::audit::chain::chain_legacy(db).await.map_err(|e| OpenError::Chain(e.to_string()))?;
    Ok(())
}

/// Opens and migrates in one step: what every edge does at start-up.
pub async fn open_and_migrate(url: &str) -> Result<Db, OpenError> {
    let db = open(url).await?;
    migrate(&db).await?;
    Ok(db)
}

/// A transaction that writes. It takes SQLite's write lock at BEGIN
/// (waiting up to the busy timeout for another writer), instead of at its
/// first write: a deferred transaction that reads and then writes fails at
/// once with "database is locked" when another writer committed in between.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// True when the database answers a query.
pub async fn is_healthy(db: &Db) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(db).await.is_ok()
}
