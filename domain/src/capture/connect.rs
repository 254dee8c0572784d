//! Connecting a mailbox or subscribing to a calendar from the touchpoint
//! page: each field checked and named in its error, the connection tried
//! before anything is saved, and the answer in plain words.

use chrono::{NaiveDate, TimeZone, Utc};

use model::capture::{CaptureKind, MailboxInput, Tls};

use super::{feed_http, imap, store, NewCapture};
use crate::{
    sealing::Sealer,
    touchpoints::{self, Kind},
    Actor, Db, DomainError, Result,
};

/// A checked mailbox form, and when to start taking messages.
pub struct Mailbox {
    pub login: imap::Login,
    pub since: Option<chrono::DateTime<Utc>>,
    pub from_now_on: bool,
}

/// Checks every field of the form (a wrong one is named).
pub fn check_mailbox(input: &MailboxInput) -> Result<Mailbox> {
    let host = input.host.trim().to_string();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
        return Err(DomainError::invalid("host", "Type the mail server's name, such as imap.example.com."));
    }
    let tls: Tls =
        input.tls.parse().map_err(|_| DomainError::invalid("tls", "Choose how the connection is protected."))?;
    if tls == Tls::Plain && !imap::is_loopback(&host) {
        return Err(DomainError::invalid("tls", "Plain text is only allowed to this machine; choose TLS or STARTTLS."));
    }
    let default_port = if tls == Tls::Implicit { 993 } else { 143 };
    let port = match input.port.trim() {
        "" => default_port,
        p => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| DomainError::invalid("port", "The port is a number such as 993."))?,
    };
    let username = input.username.trim().to_string();
    if username.is_empty() {
        return Err(DomainError::invalid("username", "Type the mailbox's user name (often the email address)."));
    }
    if input.password.is_empty() {
        return Err(DomainError::invalid(
            "password",
            "Type the mailbox's password (an app password if your provider uses them).",
        ));
    }
    let folder = match input.folder.trim() {
        "" => "INBOX".to_string(),
        f => f.to_string(),
    };
    let (since, from_now_on) = match input.start.as_str() {
        "date" => {
            let day = NaiveDate::parse_from_str(input.since.trim(), "%Y-%m-%d")
                .map_err(|_| DomainError::invalid("since", "Choose the date to start from."))?;
            let start = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"));
            if start > Utc::now() {
                return Err(DomainError::invalid("since", "The start date is in the future."));
            }
            (Some(start), false)
        }
        _ => (None, true),
    };
    let login = imap::Login { host, port, tls, username, password: input.password.clone(), folder };
    Ok(Mailbox { login, since, from_now_on })
}

fn field_error(p: imap::Problem) -> DomainError {
    DomainError::invalid(p.field, p.message)
}

/// "Test the connection": the folder's size in plain words, or the problem.
pub async fn test_mailbox(input: &MailboxInput) -> Result<String> {
    let mailbox = check_mailbox(input)?;
    let folder = imap::test(&mailbox.login).await.map_err(field_error)?;
    Ok(format!(
        "Connected. The folder {} holds {} message(s). Nothing in it will be marked, moved or deleted.",
        mailbox.login.folder, folder.exists
    ))
}

/// Tries the mailbox, then saves it; the first poll runs within seconds.
pub async fn connect_mailbox(db: &Db, sealer: &Sealer, actor: &Actor, tp: i64, input: &MailboxInput) -> Result<String> {
    let touchpoint = touchpoints::get(db, tp).await?;
    touchpoint.takes_outputs()?;
    let mailbox = check_mailbox(input)?;
    let folder = imap::test(&mailbox.login).await.map_err(field_error)?;
    let login = mailbox.login;
    let cursor = mailbox.from_now_on.then(|| (folder.validity as i64, folder.uid_next.saturating_sub(1) as i64));
    let new = NewCapture {
        kind: CaptureKind::Mailbox,
        host: login.host.clone(),
        port: login.port,
        tls: login.tls,
        username: login.username.clone(),
        folder: login.folder.clone(),
        secret: login.password.clone(),
        since: mailbox.since,
        cursor,
    };
    store::save(db, sealer, actor, tp, new).await?;
    Ok(match cursor {
        Some(_) => format!("Connected to {}. New messages will show up as outputs within a minute.", login.folder),
        None => format!(
            "Connected to {}. Its messages are being taken now, {} at a time.",
            login.folder,
            super::mailbox::STEP
        ),
    })
}

/// Checks the address by fetching it once, then subscribes.
pub async fn subscribe_feed(db: &Db, sealer: &Sealer, actor: &Actor, tp: i64, address: &str) -> Result<String> {
    let touchpoint = touchpoints::get(db, tp).await?;
    touchpoint.takes_outputs()?;
    if touchpoint.settings.kind != Kind::Scheduling {
        return Err(DomainError::invalid("address", "Only a scheduling touchpoint can take a calendar."));
    }
    let url = feed_http::address(address).map_err(|m| DomainError::invalid("address", m))?;
    let fetched = feed_http::fetch(&url, None, None).await.map_err(|m| DomainError::invalid("address", m))?;
    let events = match fetched {
        feed_http::Fetched::Body { bytes, .. } => {
            let tz = crate::business::calendar(db).await?.tz;
            crate::imports::calendar::read_events(&bytes, tz)
                .map_err(|e| {
                    DomainError::invalid("address", format!("This address does not give a calendar: {}", e.message))
                })?
                .0
                .len()
        }
        feed_http::Fetched::Unchanged => 0,
    };
    let new = NewCapture {
        kind: CaptureKind::Feed,
        host: url.host_str().unwrap_or_default().to_string(),
        port: url.port_or_known_default().unwrap_or(443),
        tls: if url.scheme() == "https" { Tls::Implicit } else { Tls::Plain },
        username: String::new(),
        folder: String::new(),
        secret: url.to_string(),
        since: None,
        cursor: None,
    };
    store::save(db, sealer, actor, tp, new).await?;
    Ok(format!("Subscribed. The calendar has {events} event(s); its bookings show up as outputs within a minute, and it is read again every 15 minutes."))
}
