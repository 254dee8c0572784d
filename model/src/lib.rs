//! The types that cross between Second Look's server and its pages, and the
//! enumerations both name: one definition each, built for the server
//! (with database and OpenAPI derives, the `sqlx` and `openapi` features)
//! and for the browser (plain serde).

mod actor;
mod text_enum;

pub mod alert;
pub mod audit;
pub mod business;
pub mod capture;
pub mod clock;
pub mod facts;
pub mod gate;
pub mod imports;
pub mod lessons;
pub mod monthly;
pub mod outbox;
pub mod outputs;
pub mod overview;
pub mod quality;
pub mod review;
pub mod sampling;
pub mod touchpoint;
pub mod user;

pub use actor::Actor;
pub use text_enum::Invalid;
