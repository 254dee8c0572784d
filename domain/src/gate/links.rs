//! One-tap decisions from the sign-off email. Each Approve or Reject link
//! is bound to one person, one held output and one decision; it is signed
//! by being a 256-bit random token only its SHA-256 of which is kept,
//! works once, and expires. Opening it only shows a confirmation page (a
//! mail scanner or link preview decides nothing); the POST from that page
//! decides, under every rule of the gate, as that person, audited "from
//! email". It opens no session.

use chrono::{DateTime, Duration, Utc};
pub use model::gate::{DecisionLink, LinkState};
use sqlx::SqliteConnection;

use super::decide::{decide_in, status_on, DecisionInput};
use crate::{sealing::Sealer, tokens, users, Actor, Db, DomainError, Result};

/// What a decision needs to mint links: the sealer (links are stored sealed
/// in the outbox until sent) and how long they work.
pub struct Links<'a> {
    pub sealer: &'a Sealer,
    pub valid_for: Duration,
}

/// A fresh link for `user` to make `decision` on `output_id`; returns the
/// token (only its hash is stored).
pub async fn issue(
    conn: &mut SqliteConnection,
    user_id: i64,
    output_id: i64,
    decision: &str,
    expires_at: DateTime<Utc>,
) -> Result<String> {
    let token = tokens::generate("sld_");
    sqlx::query(
        "INSERT INTO decision_links (token_hash, user_id, output_id, decision, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(tokens::hash(&token))
    .bind(user_id)
    .bind(output_id)
    .bind(decision)
    .bind(Utc::now())
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: i64,
    output_id: i64,
    decision: String,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

async fn find(conn: &mut SqliteConnection, token: &str) -> Result<Option<Row>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, output_id, decision, expires_at, used_at FROM decision_links WHERE token_hash = ?",
    )
    .bind(tokens::hash(token.trim()))
    .fetch_optional(conn)
    .await?)
}

fn state_of(row: &Row, now: DateTime<Utc>) -> LinkState {
    match (row.used_at, row.expires_at <= now) {
        (Some(_), _) => LinkState::Used,
        (None, true) => LinkState::Expired,
        (None, false) => LinkState::Ready,
    }
}

fn nothing(state: LinkState) -> DecisionLink {
    DecisionLink {
        state,
        decision: None,
        person: None,
        output_id: None,
        touchpoint: None,
        output: None,
        findings: vec![],
        gate: None,
        rule: None,
        expires_at: None,
    }
}

/// What the confirmation page shows for `token`; changes nothing.
pub async fn open(db: &Db, token: &str, now: DateTime<Utc>) -> Result<DecisionLink> {
    let mut conn = db.acquire().await?;
    let Some(row) = find(&mut conn, token).await? else { return Ok(nothing(LinkState::Unknown)) };
    let state = state_of(&row, now);
    if state != LinkState::Ready {
        return Ok(nothing(state));
    }
    let person = users::get(db, row.user_id).await?;
    let (touchpoint, output, second_signoff, high): (String, String, bool, bool) = sqlx::query_as(
        "SELECT t.name, o.output, t.second_signoff, t.stakes = 'high' FROM outputs o JOIN touchpoints t ON t.id = o.touchpoint_id WHERE o.id = ?",
    )
    .bind(row.output_id)
    .fetch_one(&mut *conn)
    .await?;
    let rule = match (second_signoff && high, row.decision.as_str()) {
        (_, "reject") => "A rejection is final and needs a reason, so the tool's owner can fix it.",
        (true, _) => "High stakes: a reviewer's first approval, then a second sign-off by a different senior or owner.",
        (false, _) => "One approval is enough for this touchpoint.",
    };
    Ok(DecisionLink {
        state,
        decision: Some(row.decision.clone()),
        person: Some(person.name),
        output_id: Some(row.output_id),
        touchpoint: Some(touchpoint),
        output: Some(output),
        findings: crate::facts::findings_of(db, row.output_id).await?,
        gate: status_on(&mut conn, row.output_id).await?,
        rule: Some(rule.to_string()),
        expires_at: Some(row.expires_at),
    })
}

/// Decides with `token` (the confirmation page's POST): once, as the
/// link's person, under every rule of the gate. `session_user` is whoever
/// is logged in on this browser: someone else is told so, and nothing is
/// decided. A refused decision (a rejection without a reason) leaves the
/// link unused.
pub async fn decide_by_link(
    db: &Db,
    links: &Links<'_>,
    token: &str,
    reason: &str,
    session_user: Option<i64>,
    now: DateTime<Utc>,
) -> Result<super::GateStatus> {
    let mut tx = crate::db::begin_write(db).await?;
    let unknown = || DomainError::NotFound("This link is not one Second Look sent (it may have been cut short)".into());
    let Some(row) = find(&mut tx, token).await? else { return Err(unknown()) };
    match state_of(&row, now) {
        LinkState::Used => return Err(DomainError::Conflict("This link has already been used.".into())),
        LinkState::Expired => {
            let clock = crate::business::calendar(db).await?.clock();
            return Err(DomainError::Conflict(format!(
                "This link expired on {}. Open the approvals page to decide.",
                clock.when_named(row.expires_at)
            )));
        }
        LinkState::Unknown => return Err(unknown()),
        LinkState::Ready => {}
    }
    let user = users::get(db, row.user_id).await?;
    if session_user.is_some_and(|s| s != user.id) {
        return Err(DomainError::Forbidden(format!(
            "This link was sent to {}, and you are logged in as someone else: nothing was decided.",
            user.name
        )));
    }
    if !user.active {
        return Err(DomainError::Forbidden("The account this link was sent to is switched off.".into()));
    }
    // Two taps at once: only one of them marks the link used.
    let claimed = sqlx::query("UPDATE decision_links SET used_at = ? WHERE id = ? AND used_at IS NULL")
        .bind(now)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() == 0 {
        return Err(DomainError::Conflict("This link has already been used.".into()));
    }
    let actor = Actor::User { id: user.id, label: format!("{} (from email)", user.email) };
    let input =
        DecisionInput { decision: row.decision.clone(), edited_text: String::new(), reason: reason.to_string() };
    let after = decide_in(&mut tx, links, &user, &actor, row.output_id, input).await?;
    tx.commit().await?;
    Ok(after)
}
