//! First-run setup, login, logout and "who am I".

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The logged-in person.
pub use model::user::User as Me;

/// What every page needs to know before it renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SessionInfo {
    pub setup_needed: bool,
    pub business_name: Option<String>,
    pub me: Option<Me>,
    /// The business's clock, for every time a page shows.
    pub clock: model::clock::Clock,
}

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::ssr;
    let db = ssr::db()?;
    let setup_needed = !domain::users::owner_exists(&db).await?;
    let business = domain::business::get(&db).await?;
    let clock = business.as_ref().map(|b| b.clock()).unwrap_or_default();
    let me = ssr::current_user().await?;
    Ok(SessionInfo { setup_needed, business_name: business.map(|b| b.name), me, clock })
}

/// Time zone names for the setup form's picker.
#[server(endpoint = "timezones")]
pub async fn timezones() -> Result<Vec<String>, AppError> {
    Ok(domain::validate::timezone_names().into_iter().map(String::from).collect())
}

/// Creates the business and the owner account, then logs the owner in.
#[server(endpoint = "setup")]
pub async fn setup_business(
    business_name: String,
    timezone: String,
    owner_name: String,
    owner_email: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    use crate::ssr;
    if password != password_again {
        return ssr::fail(AppError::Invalid {
            field: "password_again".into(),
            message: "The two passwords are not the same.".into(),
        });
    }
    let input = domain::business::Setup {
        business_name,
        timezone,
        owner_email,
        owner_name,
        owner_password: password,
        week_start: String::new(),
    };
    let owner = domain::business::setup(&ssr::db()?, &domain::Actor::System, input).await?;
    ssr::start_session(&owner).await?;
    leptos_axum::redirect("/onboarding");
    Ok(())
}

/// Logs in and goes back to the page the person asked for (`next`, a path
/// on this site; else the dashboard).
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::ssr;
    let user = domain::users::log_in(&ssr::db()?, &email, &password, ssr::client_address().as_deref()).await?;
    ssr::start_session(&user).await?;
    leptos_axum::redirect(crate::next::safe(&next));
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::ssr::end_session().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Whether "Forgot your password?" can email a link (an email server is set).
#[server(endpoint = "password_reset_available")]
pub async fn password_reset_available() -> Result<bool, AppError> {
    Ok(use_context::<crate::ssr::WebSettings>().is_some_and(|s| s.sends_email))
}

/// Emails a one-time link to set a new password. The answer is the same
/// whether or not the address has an account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::ssr;
    let db = ssr::db()?;
    domain::password_resets::request(
        &db,
        &ssr::sealer()?,
        &email,
        ssr::client_address().as_deref(),
        chrono::Utc::now(),
    )
    .await?;
    Ok(())
}

/// Whether the emailed link is still good (before the form is shown).
#[server(endpoint = "password_reset_link_live")]
pub async fn password_reset_link_live(token: String) -> Result<bool, AppError> {
    Ok(domain::password_resets::is_live(&crate::ssr::db()?, &token, chrono::Utc::now()).await?)
}

/// Sets the new password from an emailed link and logs the person in.
#[server(endpoint = "reset_password")]
pub async fn use_password_reset(token: String, password: String, password_again: String) -> Result<(), AppError> {
    use crate::ssr;
    if password != password_again {
        return ssr::fail(AppError::Invalid {
            field: "password_again".into(),
            message: "The two passwords are not the same.".into(),
        });
    }
    let user = domain::password_resets::reset(&ssr::db()?, &token, password, chrono::Utc::now()).await?;
    ssr::start_session(&user).await?;
    leptos_axum::redirect("/");
    Ok(())
}
