//! Deciding a held output: approve (optionally with edits) or reject, with
//! the two-person rule enforced here, on the server, for every edge.

pub use model::gate::{GateStatus, State};
use model::outputs::Status;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use super::{links::Links, settings, webhooks};
use crate::{
    audit,
    touchpoints::Stakes,
    users::{Role, User},
    validate,
    validate::LIMITS,
    Actor, Db, DomainError, Result,
};

/// What a person decides, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// approve or reject
    pub decision: String,
    /// Approve with edits: the text to send instead.
    pub edited_text: String,
    /// Required when rejecting.
    pub reason: String,
}

#[derive(sqlx::FromRow)]
struct Act {
    user_id: Option<i64>,
    name: Option<String>,
    actor: String,
    act: String,
    edited_text: Option<String>,
    reason: String,
    final_: bool,
    at: DateTime<Utc>,
}

async fn acts(conn: &mut SqliteConnection, output_id: i64) -> Result<Vec<Act>> {
    Ok(sqlx::query_as::<_, Act>(
        "SELECT a.user_id, u.name, a.actor, a.act, a.edited_text, a.reason, a.final AS final_, a.at
         FROM approvals a LEFT JOIN users u ON u.id = a.user_id WHERE a.output_id = ? ORDER BY a.id",
    )
    .bind(output_id)
    .fetch_all(conn)
    .await?)
}

/// The gate state of output `id` (None when it was never held).
pub(crate) async fn status_on(conn: &mut SqliteConnection, output_id: i64) -> Result<Option<GateStatus>> {
    let row: Option<(Status, String)> = sqlx::query_as("SELECT status, output FROM outputs WHERE id = ?")
        .bind(output_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((status, original)) = row else { return Ok(None) };
    let acts = acts(conn, output_id).await?;
    if acts.is_empty() && status != Status::Pending {
        return Ok(None);
    }
    let last = acts.iter().rfind(|a| a.final_);
    let state = match (status, last.map(|a| a.act.as_str())) {
        (Status::Approved, _) => State::Approved,
        (Status::Rejected, _) | (_, Some("reject")) => State::Rejected,
        _ if acts.iter().any(|a| a.act == "approve") => State::AwaitingSenior,
        _ => State::Pending,
    };
    let edit = acts.iter().rev().find_map(|a| a.edited_text.clone());
    Ok(Some(GateStatus {
        state,
        text_to_send: (state == State::Approved).then(|| edit.clone().unwrap_or(original)),
        edited: edit.is_some(),
        reviewers: acts.iter().map(|a| a.name.clone().unwrap_or_else(|| a.actor.clone())).collect(),
        decided_at: last.map(|a| a.at),
        reason: last.filter(|a| a.act == "reject").map(|a| a.reason.clone()),
    }))
}

pub async fn status(db: &Db, output_id: i64) -> Result<Option<GateStatus>> {
    status_on(&mut *db.acquire().await?, output_id).await
}

/// What the rules allow `user` to do to a held output, or why not.
enum Step {
    First,
    Final,
}

struct Held {
    touchpoint_id: i64,
    status: Status,
    submitted_by: Option<i64>,
    stakes: Stakes,
}

fn approval_step(user: &User, held: &Held, two_person: bool, acts: &[Act]) -> Result<Step> {
    if held.submitted_by == Some(user.id) {
        return Err(DomainError::Forbidden("Nobody can approve an output they submitted themselves.".into()));
    }
    if acts.iter().any(|a| a.user_id == Some(user.id)) {
        return Err(DomainError::Conflict(
            "You already approved this output; a different senior or owner must give the second sign-off.".into(),
        ));
    }
    let needs_two = two_person && held.stakes == Stakes::High;
    match (needs_two, acts.iter().any(|a| a.act == "approve")) {
        (false, _) => Ok(Step::Final),
        (true, false) => Ok(Step::First),
        (true, true) if user.role == Role::Reviewer => {
            Err(DomainError::Forbidden("The final sign-off on high-stakes output needs a senior or an owner.".into()))
        }
        (true, true) => Ok(Step::Final),
    }
}

/// Applies one person's decision; returns the new gate state. Refused with
/// a clear error and no change when the rules do not allow it.
pub async fn decide(
    db: &Db,
    links: &Links<'_>,
    user: &User,
    output_id: i64,
    input: DecisionInput,
) -> Result<GateStatus> {
    let mut tx = crate::db::begin_write(db).await?;
    let after = decide_in(&mut tx, links, user, &user.actor(), output_id, input).await?;
    tx.commit().await?;
    Ok(after)
}

/// `decide` on the caller's transaction, recorded as `actor` (a decision
/// from an emailed link is marked so).
pub(crate) async fn decide_in(
    tx: &mut SqliteConnection,
    links: &Links<'_>,
    user: &User,
    actor: &Actor,
    output_id: i64,
    input: DecisionInput,
) -> Result<GateStatus> {
    let edited = validate::optional_text("edited_text", "The edited text", &input.edited_text, LIMITS.text)?;
    let reason = validate::optional_text("reason", "The reason", &input.reason, 1000)?;
    let held: Option<(i64, Status, Option<i64>, Stakes, String)> = sqlx::query_as(
        "SELECT o.touchpoint_id, o.status, o.submitted_by, t.stakes, o.output FROM outputs o
         JOIN touchpoints t ON t.id = o.touchpoint_id WHERE o.id = ?",
    )
    .bind(output_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (touchpoint_id, status, submitted_by, stakes, original) =
        held.ok_or_else(|| DomainError::NotFound(format!("Output {output_id}")))?;
    let held = Held { touchpoint_id, status, submitted_by, stakes };
    if held.status != Status::Pending {
        return Err(DomainError::Conflict(format!("This output is not waiting for approval: it is {}.", held.status)));
    }
    let prior = acts(&mut *tx, output_id).await?;
    let gate = settings::load(&mut *tx, held.touchpoint_id).await?;
    match input.decision.trim() {
        "reject" => {
            if reason.is_empty() {
                return Err(DomainError::invalid("reason", "Say why it is rejected, so the tool's owner can fix it."));
            }
            record(&mut *tx, actor, output_id, "reject", None, &reason, true).await?;
        }
        "approve" => {
            let step = approval_step(user, &held, gate.second_signoff, &prior)?;
            // The form shows the text to send; unchanged means no edit.
            let text = (!edited.is_empty() && edited != original.trim()).then_some(edited.as_str());
            record(&mut *tx, actor, output_id, "approve", text, "", matches!(step, Step::Final)).await?;
            if matches!(step, Step::First) {
                super::signoff::ask(&mut *tx, links, user, output_id, text.unwrap_or(&original)).await?;
            }
        }
        other => {
            return Err(DomainError::invalid(
                "decision",
                format!("'{other}' is not a decision; use approve or reject."),
            ))
        }
    }
    finish(&mut *tx, output_id, held.touchpoint_id, gate.callback_url.as_deref()).await
}

/// The hard timeout's automatic rejection (never an approval).
pub(crate) async fn reject_by_timeout(
    conn: &mut SqliteConnection,
    output_id: i64,
    touchpoint_id: i64,
    reason: &str,
) -> Result<()> {
    let gate = settings::load(conn, touchpoint_id).await?;
    record(conn, &Actor::System, output_id, "reject", None, reason, true).await?;
    finish(conn, output_id, touchpoint_id, gate.callback_url.as_deref()).await?;
    Ok(())
}

async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    output_id: i64,
    act: &str,
    edited: Option<&str>,
    reason: &str,
    is_final: bool,
) -> Result<()> {
    sqlx::query("INSERT INTO approvals (output_id, user_id, actor, act, edited_text, reason, final, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(output_id)
        .bind(actor.user_id())
        .bind(actor.label())
        .bind(act)
        .bind(edited)
        .bind(reason)
        .bind(is_final)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
    if is_final {
        let status = if act == "approve" { Status::Approved } else { Status::Rejected };
        sqlx::query("UPDATE outputs SET status = ? WHERE id = ?")
            .bind(status)
            .bind(output_id)
            .execute(&mut *conn)
            .await?;
    }
    let action = match (act, is_final) {
        ("approve", false) => "output.first_approval",
        ("approve", true) => "output.approve",
        _ => "output.reject",
    };
    let event = audit::Event::new(action, "output", output_id)
        .after(serde_json::json!({"edited": edited.is_some(), "reason": reason}));
    audit::record(conn, actor, event).await
}

/// After a final decision, queues the webhook; returns the new state.
async fn finish(
    conn: &mut SqliteConnection,
    output_id: i64,
    touchpoint_id: i64,
    callback: Option<&str>,
) -> Result<GateStatus> {
    let after = status_on(conn, output_id)
        .await?
        .ok_or_else(|| DomainError::Unexpected(anyhow::anyhow!("output {output_id} vanished")))?;
    if let (Some(url), State::Approved | State::Rejected) = (callback, after.state) {
        webhooks::enqueue(conn, touchpoint_id, output_id, url, &after).await?;
    }
    Ok(after)
}
