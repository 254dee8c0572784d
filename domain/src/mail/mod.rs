//! Email: the outbox (written with the business action it reports), the
//! templates, and the scheduled jobs that enqueue the regular emails.

pub mod outbox;
pub mod recipients;
pub mod schedule;
pub mod templates;

pub use templates::{Email, Notice, Rendered};
