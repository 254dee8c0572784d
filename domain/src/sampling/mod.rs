//! The weekly spot check: how big, which outputs, and how hard to look.

mod adapt;
mod draw;
mod events;
pub mod inspection;
mod stage;

/// The business's weeks, re-exported where the spot check is planned.
pub use crate::calendar::{Calendar, Week};
pub use adapt::{current_state, moves, refresh, RecordedMove};
pub use draw::{draw_week, needs_draw, Drawn};
pub(crate) use events::model_seen;
pub use events::{announce_update, model_changes, ModelChange};
pub use inspection::Inspection;
pub use stage::{set_stage, set_stage_in};
