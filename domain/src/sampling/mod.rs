//! The weekly spot check: how big, which outputs, and how hard to look.

mod draw;
pub mod inspection;
mod week;

pub use draw::{draw_week, Drawn};
pub use inspection::Inspection;
pub use week::Week;
