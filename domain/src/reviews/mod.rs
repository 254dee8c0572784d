//! The review queue: one item at a time, reserved for its reviewer for 15
//! minutes, ending in a verdict that is stored, audited and counted at once.

mod flag;
pub mod lessons;
mod queue;
mod verdict;

pub(crate) use flag::flag;
pub use queue::{next_item, open_item, progress, ItemView, Progress, WeekProgress};
pub use verdict::{submit, Category, Verdict, VerdictInput};

/// How long an opened item stays reserved for the person who opened it.
pub const RESERVATION_MINUTES: i64 = 15;
/// The time one check takes, for "about N minutes left".
pub const SECONDS_PER_CHECK: u64 = 20;
