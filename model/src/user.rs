//! People and what they may do.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{text_enum, Actor};

text_enum!(
    /// What a person may do.
    Role, "role", "a role", { Owner => "owner", Senior => "senior", Reviewer => "reviewer" }
);

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner — manages touchpoints, the team and settings",
            Role::Senior => "Senior reviewer — gives the second sign-off on high-stakes output",
            Role::Reviewer => "Reviewer — does the weekly spot checks",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor::User { id: self.id, label: self.email.clone() }
    }

    pub fn is_owner(&self) -> bool {
        self.role == Role::Owner
    }
}
