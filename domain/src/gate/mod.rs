//! The approval gate: outputs of gated touchpoints are held (`pending`) until
//! a person approves or rejects them; on high-stakes touchpoints a second,
//! different senior or owner must sign off. The source tool learns the
//! decision by polling or through a signed webhook.

mod decide;
mod escalate;
pub mod hours;
pub mod links;
mod queue;
mod settings;
mod signoff;
pub mod webhooks;

pub use decide::{decide, status, DecisionInput, GateStatus, State};
pub use escalate::{run_timeouts, Escalated};
pub use links::Links;
pub use queue::{awaiting, held_output, waiting_counts, Held, HeldOutput};
pub use settings::{gate_settings, rotate_secret, update_settings, GateSettings, GateSettingsInput, TimeoutAction};
