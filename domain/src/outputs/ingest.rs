//! Writing outputs. All ingestion goes through one connection: SQLite takes
//! one writer at a time anyway, and queueing for the connection in-process is
//! fair and quick, where several connections would spin on SQLite's lock.

use chrono::Utc;
use sqlx::sqlite::SqlitePoolOptions;

use super::{store, NewOutput, Stored};
use crate::{db, touchpoints::Touchpoint, Result};

#[derive(Clone, Debug)]
pub struct Ingestor {
    writer: sqlx::SqlitePool,
}

impl Ingestor {
    /// Opens the writer connection to the (already migrated) database.
    pub async fn open(url: &str) -> Result<Ingestor, db::OpenError> {
        let opts = db::connect_options(url)?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .connect_with(opts)
            .await
            .map_err(|e| db::OpenError::Open(url.to_string(), e))?;
        Ok(Ingestor { writer })
    }

    /// Stores one output; returns once it is committed.
    pub async fn one(&self, tp: &Touchpoint, new: &NewOutput) -> Result<Stored> {
        let mut tx = self.writer.begin().await?;
        let stored = store::insert(&mut tx, tp, new, Utc::now()).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Stores all of them in one transaction: all or nothing.
    pub async fn many(&self, tp: &Touchpoint, items: &[NewOutput]) -> Result<Vec<Stored>> {
        let now = Utc::now();
        let mut tx = self.writer.begin().await?;
        let mut out = Vec::with_capacity(items.len());
        for new in items {
            out.push(store::insert(&mut tx, tp, new, now).await?);
        }
        tx.commit().await?;
        Ok(out)
    }
}
