//! The Team page: owners add people and change their roles.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::user::{Role, User};

/// A new member and the one-time password to hand them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Added {
    pub name: String,
    pub email: String,
    pub temporary_password: String,
}

#[server(endpoint = "team/list")]
pub async fn list_team() -> Result<Vec<User>, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    Ok(domain::users::list(&ssr::db()?).await?)
}

/// Adds a person with a generated password, shown once to the owner.
#[server(endpoint = "team/add")]
pub async fn add_member(name: String, email: String, role: String) -> Result<Added, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let role: Role = role.parse().map_err(domain::DomainError::from)?;
    let password = domain::passwords::generate();
    let new = domain::users::NewUser { email, name, role, password: password.clone() };
    let user = domain::users::create(&ssr::db()?, &owner.actor(), new).await?;
    Ok(Added { name: user.name, email: user.email, temporary_password: password })
}

#[server(endpoint = "team/role")]
pub async fn change_role(id: i64, role: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let role: Role = role.parse().map_err(domain::DomainError::from)?;
    domain::users::change_role(&ssr::db()?, &owner.actor(), id, role).await?;
    Ok(())
}

#[server(endpoint = "team/active")]
pub async fn set_member_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    if owner.id == id && !active {
        return ssr::fail(AppError::Conflict("You cannot switch off your own account.".into()));
    }
    domain::users::set_active(&ssr::db()?, &owner.actor(), id, active).await?;
    Ok(())
}

/// Any logged-in person changes their own password.
#[server(endpoint = "account/password")]
pub async fn change_password(current: String, new_password: String, new_again: String) -> Result<(), AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    if domain::users::authenticate(&db, &me.email, &current).await.is_err() {
        return ssr::fail(AppError::Invalid {
            field: "current".into(),
            message: "Your current password is not right.".into(),
        });
    }
    if new_password != new_again {
        return ssr::fail(AppError::Invalid {
            field: "new_again".into(),
            message: "The two new passwords are not the same.".into(),
        });
    }
    domain::users::set_password(&db, &me.actor(), me.id, new_password).await.map_err(|e| match e {
        domain::DomainError::Invalid { message, .. } => AppError::Invalid { field: "new_password".into(), message },
        other => other.into(),
    })?;
    ssr::start_session(&me).await?;
    Ok(())
}
