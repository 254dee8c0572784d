//! The facts prepared for checking, rebuilt only when they change: building
//! a checker compiles the price list's patterns, so it is done once per
//! version of the facts, not once per output.

use std::sync::{Arc, Mutex};

use checks::Checker;
use sqlx::SqliteConnection;

use crate::Result;

/// Shared by the ingest writer and the check endpoint.
#[derive(Clone, Default)]
pub struct Checkers {
    current: Arc<Mutex<Option<Built>>>,
}

/// A checker and what it was built from.
type Built = (Stamp, Arc<Checker>);

/// What a checker was built from: the facts' version and the business's clock.
type Stamp = (i64, String);

impl std::fmt::Debug for Checkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Checkers")
    }
}

impl Checkers {
    /// The checker for the facts as they are now.
    pub async fn get(&self, conn: &mut SqliteConnection) -> Result<Arc<Checker>> {
        let stamp: Stamp = sqlx::query_as(
            "SELECT COALESCE((SELECT version FROM business_facts WHERE id = 1), 0),
                    COALESCE((SELECT timezone FROM business WHERE id = 1), 'UTC')",
        )
        .fetch_one(&mut *conn)
        .await?;
        if let Some((s, checker)) = self.current.lock().expect("the checker lock").as_ref() {
            if *s == stamp {
                return Ok(checker.clone());
            }
        }
        let (_, facts) = super::load(conn).await?;
        let tz: chrono_tz::Tz = stamp.1.parse().unwrap_or(chrono_tz::UTC);
        let checker = Arc::new(Checker::new(&facts, checks::region_for(&stamp.1, &facts.currency), tz));
        *self.current.lock().expect("the checker lock") = Some((stamp, checker.clone()));
        Ok(checker)
    }
}
