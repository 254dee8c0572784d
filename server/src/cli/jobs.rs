//! `secondlook jobs run-due [--at TIME]` and `secondlook email test ADDRESS`.

use anyhow::Context;
use chrono::{DateTime, Utc};

use crate::{config::Settings, jobs::email as mail};

/// Runs every job due at `at` (default now), then sends the emails due.
pub async fn run_due(settings: &Settings, at: Option<String>) -> anyhow::Result<()> {
    let at: DateTime<Utc> = match at {
        None => Utc::now(),
        Some(t) => DateTime::parse_from_rfc3339(t.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| anyhow::anyhow!("--at: '{t}' is not a time such as 2026-12-07T09:00:00Z"))?,
    };
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let report = domain::jobs::run_due(&db, at).await?;
    for line in &report.done {
        println!("{line}");
    }
    let sealer = domain::sealing::Sealer::for_database(&settings.database_url)?;
    let (sent, failed) =
        mail::Mailer::new(settings.smtp_url.as_deref(), &settings.mail_from, &settings.base_url, sealer)?
            .deliver_due(&db, at.max(Utc::now()))
            .await?;
    match (&settings.smtp_url, sent + failed) {
        (None, _) => println!("No email server is set (SECONDLOOK_SMTP_URL): emails wait in the outbox."),
        (Some(_), 0) => {}
        (Some(_), _) => println!("Emails: {sent} sent, {failed} failed (retried later)."),
    }
    if !report.failed.is_empty() {
        anyhow::bail!("{}", report.failed.join("; "));
    }
    if report.done.is_empty() {
        println!("Nothing was due at {}.", at.to_rfc3339());
    }
    Ok(())
}

/// Sends one test email straight away and prints the server's answer.
pub async fn test_email(settings: &Settings, to: String) -> anyhow::Result<()> {
    let url = settings
        .smtp_url
        .as_deref()
        .context("no email server is set: give SECONDLOOK_SMTP_URL, e.g. smtp://user:password@mail.example.com:587")?;
    let notice = domain::mail::Email::Notice(domain::mail::Notice {
        heading: "Second Look can send you email".into(),
        lines: vec!["This is a test. Reminders, alerts and sign-off requests will arrive like this.".into()],
        quote: None,
        button: "Open Second Look".into(),
        link: "/".into(),
        also: None,
    });
    let rendered = notice.render("Test email from Second Look", "Second Look", &settings.base_url)?;
    let message = mail::message(&settings.mail_from, &to, &rendered, None)?;
    let reply = mail::send(&mail::transport(url)?, message)
        .await
        .map_err(|e| anyhow::anyhow!("the email server refused it: {e}"))?;
    println!("Sent to {to}. The email server answered: {reply}");
    Ok(())
}
