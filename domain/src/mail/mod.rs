//! Email: the outbox (written with the business action it reports), the
//! templates built from plain domain types, and who receives what.

pub mod outbox;
pub mod recipients;
pub mod templates;

pub use templates::{Email, Notice, Rendered, SecondLink};
