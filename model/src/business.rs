//! The business's own settings, as typed into the form or the command line.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub name: String,
    pub timezone: String,
    /// monday … sunday
    pub week_start: String,
    /// `first-monday` or a day 1–28.
    pub monthly_day: String,
    /// The hour (local time) the monthly reminder goes out.
    pub monthly_hour: String,
    /// Output text is kept this many months (0 = forever; empty = 24).
    pub keep_text_months: String,
}
