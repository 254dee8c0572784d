//! Where an output is in its life, and how it came in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// Where an output is in its life.
    Status, "status", "a status", {
        Received => "received", Sampled => "sampled", Pending => "pending", Approved => "approved", Rejected => "rejected",
    }
);
text_enum!(Source, "source", "a source", { Api => "api", Upload => "upload", Calendar => "calendar", Paste => "paste", Mailbox => "mailbox" });

/// A booking made by a scheduling tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub resource: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub customer: Option<String>,
}
