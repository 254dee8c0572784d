//! The sign-off email: after a reviewer's first approval, each senior and
//! owner (but not the first approver) is asked for the second sign-off.
//! The email shows the output (as text, hidden characters made visible),
//! what the fact checks found, and, unless the touchpoint's owner turned
//! one-tap decisions off, Approve and Reject links made for that person
//! alone (stored sealed in the outbox, like password-reset links).

use chrono::Utc;
use sqlx::SqliteConnection;

use super::links::{issue, Links};
use crate::{
    mail::{outbox, recipients, Email, Notice, SecondLink},
    users::User,
    Result,
};

pub(super) async fn ask(
    conn: &mut SqliteConnection,
    links: &Links<'_>,
    first: &User,
    output_id: i64,
    text: &str,
) -> Result<()> {
    let (touchpoint, one_tap): (String, bool) = sqlx::query_as(
        "SELECT t.name, t.email_decisions FROM outputs o JOIN touchpoints t ON t.id = o.touchpoint_id WHERE o.id = ?",
    )
    .bind(output_id)
    .fetch_one(&mut *conn)
    .await?;
    let findings: Vec<String> = sqlx::query_scalar(
        "SELECT message FROM findings WHERE output_id = ? AND dismissed_at IS NULL ORDER BY span_start",
    )
    .bind(output_id)
    .fetch_all(&mut *conn)
    .await?;
    let excerpt: String = text.chars().take(600).collect();
    let expires = Utc::now() + links.valid_for;
    let clock = crate::business::calendar_on(conn).await?.clock();
    let subject = format!("Sign-off needed: {touchpoint} output #{output_id}");
    for (user, to) in recipients::seniors_and_owners(conn).await?.into_iter().filter(|(id, _)| *id != first.id) {
        let mut lines = vec![format!(
            "{touchpoint}: {} gave the first approval. It is held until a senior or owner signs off.",
            first.name
        )];
        lines.extend(findings.iter().map(|f| format!("Fact check: {f}")));
        let (button, link, also) = if one_tap {
            lines.push(format!(
                "The buttons below work once, for you alone, until {}. Each opens a page with the output \
                 that asks you to confirm first, so nothing is decided by opening this email.",
                clock.when_named(expires)
            ));
            let approve = issue(conn, user, output_id, "approve", expires).await?;
            let reject = issue(conn, user, output_id, "reject", expires).await?;
            let seal = |t: &str| links.sealer.seal(&format!("/decide?t={t}"));
            ("Approve", seal(&approve), Some(SecondLink { label: "Reject".into(), link: seal(&reject) }))
        } else {
            ("Review and sign off", format!("/approvals/{output_id}"), None)
        };
        let notice = Email::Notice(Notice {
            heading: "An output awaits your sign-off".into(),
            lines,
            quote: Some(excerpt.clone()),
            button: button.into(),
            link,
            also,
        });
        outbox::enqueue(conn, &format!("signoff:{output_id}:{user}"), &to, &subject, &notice).await?;
    }
    Ok(())
}
