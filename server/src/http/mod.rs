//! HTTP edges that are not Leptos pages: health, the page guard, headers.

pub mod assets;
pub mod export;
pub mod fn_errors;
pub mod guard;
pub mod health;
pub mod owner;
pub mod report;
pub mod review_next;
pub mod security;
pub mod upload;

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use axum::extract::FromRef;
use domain::Db;
use leptos::prelude::LeptosOptions;

/// Everything a handler may need, shared by all requests.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub ingestor: domain::outputs::Ingestor,
    /// Seals and opens stored webhook secrets.
    pub sealer: domain::sealing::Sealer,
    pub settings: Arc<crate::config::Settings>,
    /// Set once the first owner exists; it never goes back, so after that the
    /// guard stops asking the database.
    setup_done: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        db: Db,
        ingestor: domain::outputs::Ingestor,
        sealer: domain::sealing::Sealer,
        settings: crate::config::Settings,
    ) -> Self {
        AppState { leptos_options, db, ingestor, sealer, settings: Arc::new(settings), setup_done: Arc::default() }
    }

    pub async fn setup_done(&self) -> bool {
        if self.setup_done.load(Ordering::Relaxed) {
            return true;
        }
        let done = domain::users::owner_exists(&self.db).await.unwrap_or(false);
        if done {
            self.setup_done.store(true, Ordering::Relaxed);
        }
        done
    }
}
