//! Results that gather many tables, kept in memory between requests and
//! dropped as soon as the data under them changes. Every write to a table
//! such a result reads moves `data_changes.generation` (triggers in the
//! writing transaction, whichever process writes), so a result remembered
//! at an older generation is never served.

use std::{
    collections::HashMap,
    future::Future,
    hash::Hash,
    sync::{Arc, Mutex},
};

use crate::{Db, Result};

/// At most this many results per kind (a business's touchpoints, or the
/// months an owner pages through); one more clears the lot rather than
/// growing without bound.
const MAX_ENTRIES: usize = 64;

/// (database file, key) → (the generation it was made at, the result).
type Entries<K, V> = HashMap<(String, K), (i64, Arc<V>)>;

/// One kind of result, keyed by `K` and by the database file it came from
/// (tests and the CLI open several databases in one process).
pub struct Memo<K, V> {
    entries: Mutex<Entries<K, V>>,
}

impl<K: Eq + Hash + Clone, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { entries: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V> Memo<K, V> {
    /// The result for `key`: remembered if nothing it reads has changed since,
    /// otherwise made by `make` (outside the lock) and remembered.
    pub async fn get<F, Fut>(&self, db: &Db, key: K, make: F) -> Result<Arc<V>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V>>,
    {
        let Some((file, generation)) = stamp(db).await? else {
            return Ok(Arc::new(make().await?));
        };
        let slot = (file, key);
        if let Some((seen, value)) = self.lock().get(&slot) {
            if *seen == generation {
                return Ok(value.clone());
            }
        }
        // Stamped before making: a write landing meanwhile leaves this
        // copy at the older generation, so the next request makes it again.
        let value = Arc::new(make().await?);
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&slot) {
            entries.clear();
        }
        entries.insert(slot, (generation, value.clone()));
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<K, V>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The database's file and its change count; `None` for an in-memory
/// database, which has no name to key by and is never cached.
async fn stamp(db: &Db) -> Result<Option<(String, i64)>> {
    let (file, generation): (Option<String>, i64) = sqlx::query_as(
        "SELECT (SELECT file FROM pragma_database_list WHERE name = 'main'), generation FROM data_changes WHERE id = 1",
    )
    .fetch_one(db)
    .await?;
    Ok(file.filter(|f| !f.is_empty()).map(|f| (f, generation)))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    async fn made(memo: &Memo<u8, usize>, db: &Db, count: &AtomicUsize) -> usize {
        *memo.get(db, 1, || async { Ok(count.fetch_add(1, Ordering::SeqCst) + 1) }).await.unwrap()
    }

    #[tokio::test]
    async fn a_result_is_made_again_only_after_a_watched_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open_and_migrate(&format!("sqlite://{}/m.db", dir.path().display())).await.unwrap();
        let (memo, count) = (Memo::default(), AtomicUsize::new(0));
        assert_eq!(made(&memo, &db, &count).await, 1);
        assert_eq!(made(&memo, &db, &count).await, 1, "nothing written: remembered");
        // Sessions are not read by any remembered result.
        sqlx::query("DELETE FROM sessions").execute(&db).await.unwrap();
        assert_eq!(made(&memo, &db, &count).await, 1);
        sqlx::query("INSERT INTO business (id, name, timezone, created_at) VALUES (1, 'Bakery', 'Europe/London', '2026-12-01T00:00:00Z')")
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(made(&memo, &db, &count).await, 2, "the business changed: made again");
        // A second database in the same process has results of its own.
        let other = crate::db::open_and_migrate(&format!("sqlite://{}/n.db", dir.path().display())).await.unwrap();
        assert_eq!(made(&memo, &other, &count).await, 3);
        assert_eq!(made(&memo, &db, &count).await, 2);
    }

    #[tokio::test]
    async fn an_in_memory_database_is_never_remembered() {
        // One connection: each in-memory connection is a database of its own.
        let db = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
        sqlx::raw_sql("CREATE TABLE data_changes (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL); INSERT INTO data_changes VALUES (1, 0);")
            .execute(&db)
            .await
            .unwrap();
        let (memo, count) = (Memo::default(), AtomicUsize::new(0));
        assert_eq!(made(&memo, &db, &count).await, 1);
        assert_eq!(made(&memo, &db, &count).await, 2);
    }
}
