//! The business's own settings: name, time zone, first day of the week.

use leptos::prelude::*;

use crate::error::AppError;

pub use model::business::SettingsInput;

#[server(endpoint = "business/get")]
pub async fn get_business_settings() -> Result<SettingsInput, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let b = domain::business::get(&ssr::db()?).await?.unwrap_or_default();
    Ok(b.to_input())
}

#[server(endpoint = "business/update")]
pub async fn update_business(
    name: String,
    timezone: String,
    week_start: String,
    monthly_day: String,
    monthly_hour: String,
    #[server(default)] keep_text_months: String,
) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let input =
        domain::business::SettingsInput { name, timezone, week_start, monthly_day, monthly_hour, keep_text_months };
    domain::business::update(&ssr::db()?, &owner.actor(), &input).await?;
    Ok(())
}

/// Removes the text of every output that mentions one person's email
/// address or phone number (owners); returns how many.
#[server(endpoint = "privacy/forget")]
pub async fn forget_person(
    #[server(default)] email: String,
    #[server(default)] phone: String,
) -> Result<u64, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let person = match (email.trim().is_empty(), phone.trim().is_empty()) {
        (false, _) => domain::privacy::Person::Email(email),
        (true, false) => domain::privacy::Person::Phone(phone),
        (true, true) => {
            return ssr::fail(AppError::Invalid {
                field: "email".into(),
                message: "Enter the email address or the phone number whose messages should go.".into(),
            })
        }
    };
    Ok(domain::privacy::forget(&ssr::db()?, &owner.actor(), &person).await?)
}
