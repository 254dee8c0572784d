//! Capture with no code: a mailbox or a calendar feed a touchpoint's outputs
//! are taken from, and what the page shows of it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// Where outputs are captured from.
    CaptureKind, "kind", "mailbox or feed", { Mailbox => "mailbox", Feed => "feed" }
);

text_enum!(
    /// How the IMAP connection is protected: TLS from the start (port 993),
    /// STARTTLS (port 143), or plain text (only to this machine).
    Tls, "tls", "implicit, starttls or plain", { Implicit => "implicit", Starttls => "starttls", Plain => "plain" }
);

/// A touchpoint's capture as its page shows it (never the password or the
/// feed address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptureStatus {
    pub kind: CaptureKind,
    /// The IMAP host, or the host of the feed address.
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: String,
    pub folder: String,
    /// Messages or events taken so far.
    pub taken: i64,
    /// Messages still to take from an older mailbox.
    pub backlog: i64,
    pub last_ok_at: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub last_problem: Option<String>,
    pub log: Vec<CaptureLine>,
}

/// One line of the capture log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct CaptureLine {
    pub at: DateTime<Utc>,
    pub problem: bool,
    pub message: String,
}

/// The "Connect a mailbox" form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailboxInput {
    pub host: String,
    pub port: String,
    pub tls: String,
    pub username: String,
    pub password: String,
    pub folder: String,
    /// `now` (only messages from now on) or `date` (from `since`, a date).
    pub start: String,
    pub since: String,
}
