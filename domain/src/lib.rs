//! Second Look's domain: the rules of the product and the SQL that stores
//! them. Nothing here knows about HTTP or Leptos; every edge (pages, REST
//! API, CLI, jobs) calls into these modules.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod business;
pub mod calendar;
pub mod capture;
pub mod clock;
pub mod db;
pub mod drift;
pub mod error;
pub mod export;
pub mod facts;
pub mod gate;
pub mod imports;
pub mod jobs;
pub mod mail;
pub mod memo;
pub mod monthly;
pub mod outputs;
pub mod password_resets;
pub mod passwords;
pub mod privacy;
pub mod retry;
pub mod reviews;
pub mod sampling;
pub mod sealing;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod touchpoints;
pub mod users;
pub mod validate;

pub use db::Db;
pub use error::{DomainError, Result};
pub use model::Actor;
