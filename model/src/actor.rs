//! Who is acting: recorded in the audit log with every change.

/// The person or process behind a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A logged-in person (id and the label shown in the audit log).
    User { id: i64, label: String },
    /// Someone at the server's command line.
    Cli,
    /// A background job of the server itself.
    System,
}

impl Actor {
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Actor::User { label, .. } => label,
            Actor::Cli => "command line",
            Actor::System => "Second Look",
        }
    }
}
