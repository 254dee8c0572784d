//! The weekly spot check: how big, which outputs, and how hard to look.

mod adapt;
mod draw;
pub mod inspection;
mod week;

pub use adapt::{current_state, moves, RecordedMove};
pub use draw::{draw_week, Drawn};
pub use inspection::Inspection;
pub use week::Week;
