//! The weekly spot check: how big, which outputs, and how hard to look.

mod adapt;
mod draw;
mod events;
pub mod inspection;
mod week;

pub use adapt::{current_state, moves, refresh, RecordedMove};
pub use draw::{draw_week, needs_draw, Drawn};
pub use events::{announce_update, model_changes, ModelChange};
pub(crate) use events::{model_seen, resume_if_paused};
pub use inspection::Inspection;
pub use week::{Calendar, Week};
