//! Capture with no code, from the touchpoint page: connect a mailbox or
//! subscribe to a calendar (owners), and see how capture is going (anyone
//! signed in; never the password or the feed address).

use leptos::prelude::*;

use crate::error::AppError;

pub use model::capture::{CaptureLine, CaptureStatus, MailboxInput};

#[server(endpoint = "capture/status")]
pub async fn get_capture(touchpoint: i64) -> Result<Option<CaptureStatus>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    Ok(domain::capture::store::status(&ssr::db()?, touchpoint).await?)
}

/// "Test the connection" (`intent` test: the answer in plain words, nothing
/// saved) or "Connect" (`intent` connect: tried again, then saved).
#[server(endpoint = "capture/test-mailbox")]
pub async fn test_mailbox(
    touchpoint: i64,
    input: MailboxInput,
    #[server(default)] intent: String,
) -> Result<String, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let db = ssr::db()?;
    if intent == "connect" {
        return Ok(
            domain::capture::connect::connect_mailbox(&db, &ssr::sealer()?, &owner.actor(), touchpoint, &input).await?
        );
    }
    domain::touchpoints::get(&db, touchpoint).await?;
    Ok(domain::capture::connect::test_mailbox(&input).await?)
}

#[server(endpoint = "capture/subscribe")]
pub async fn subscribe_calendar(touchpoint: i64, address: String) -> Result<String, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    Ok(domain::capture::connect::subscribe_feed(&ssr::db()?, &ssr::sealer()?, &owner.actor(), touchpoint, &address)
        .await?)
}

#[server(endpoint = "capture/stop")]
pub async fn stop_capture(touchpoint: i64) -> Result<bool, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    Ok(domain::capture::store::remove(&ssr::db()?, &owner.actor(), touchpoint).await?)
}
