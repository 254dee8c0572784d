//! Second Look's domain: the rules of the product and the SQL that stores
//! them. Nothing here knows about HTTP or Leptos; every edge (pages, REST
//! API, CLI, jobs) calls into these modules.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod business;
pub mod db;
pub mod drift;
pub mod imports;
pub mod mail;
pub mod monthly;
pub mod error;
pub mod gate;
pub mod outputs;
pub mod password_resets;
pub mod passwords;
pub mod reviews;
pub mod sealing;
pub mod sampling;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod touchpoints;
pub mod users;
pub mod validate;

pub use model::Actor;
pub use db::Db;
pub use error::{DomainError, Result};
