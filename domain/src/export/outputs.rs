//! Every output with its whole story, one row each: why it was checked,
//! the verdict, each approval, the delivery to the tool, the findings.

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use super::{iso, stored_time, Out, Request};
use crate::{Db, Result};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    touchpoint: String,
    produced_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    source: String,
    external_id: Option<String>,
    model: Option<String>,
    input: Option<String>,
    output: String,
    status: String,
    text_removed_at: Option<DateTime<Utc>>,
    text_removed_why: Option<String>,
    checked_because: Option<String>,
    sample_week: Option<String>,
    verdict: Option<String>,
    reviewer: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    categories_json: Option<String>,
    note: Option<String>,
    corrected_text: Option<String>,
    approvals_json: String,
    delivery_json: Option<String>,
    findings_json: String,
}

const QUERY: &str = "
SELECT o.id, t.name AS touchpoint, o.produced_at, o.received_at, o.source, o.external_id, o.model,
       o.input, o.output, o.status, o.text_removed_at, o.text_removed_why,
       ri.reason AS checked_because, ri.week AS sample_week,
       v.verdict, ru.name AS reviewer, v.updated_at AS reviewed_at, v.categories_json, v.note, v.corrected_text,
       (SELECT json_group_array(json_object('who', COALESCE((SELECT u.name FROM users u WHERE u.id = a.user_id), a.actor), 'decision', a.act, 'edited_text', a.edited_text,
                                            'reason', a.reason, 'final', json(CASE WHEN a.final = 1 THEN 'true' ELSE 'false' END), 'at', a.at))
          FROM approvals a WHERE a.output_id = o.id) AS approvals_json,
       (SELECT json_object('state', d.state, 'attempts', d.attempts, 'delivered_at', d.delivered_at,
                           'last_error', d.last_error)
          FROM webhook_deliveries d WHERE d.output_id = o.id ORDER BY d.id DESC LIMIT 1) AS delivery_json,
       (SELECT json_group_array(json_object('check', f.check_name, 'message', f.message,
                                            'not_a_problem', json(CASE WHEN f.dismissed_at IS NULL THEN 'false' ELSE 'true' END)))
          FROM findings f WHERE f.output_id = o.id) AS findings_json
FROM outputs o
JOIN touchpoints t ON t.id = o.touchpoint_id
LEFT JOIN review_items ri ON ri.output_id = o.id
LEFT JOIN verdicts v ON v.output_id = o.id
LEFT JOIN users ru ON ru.id = v.reviewer_id
WHERE (?1 IS NULL OR o.touchpoint_id = ?1)
  AND (?2 IS NULL OR o.produced_at >= ?2)
  AND (?3 IS NULL OR o.produced_at < ?3)
ORDER BY o.id";

/// One person's decision on a held output, as stored.
#[derive(Deserialize)]
struct Approval {
    who: String,
    decision: String,
    edited_text: Option<String>,
    reason: String,
    #[serde(rename = "final")]
    last: bool,
    /// As SQLite keeps it: "2026-11-24 15:00:00.123+00:00".
    at: String,
}

impl Approval {
    fn at(&self) -> Option<DateTime<Utc>> {
        stored_time(&self.at)
    }
}

#[derive(Deserialize)]
struct Delivery {
    state: String,
    attempts: i64,
    last_error: Option<String>,
}

#[derive(Deserialize)]
struct Finding {
    check: String,
    message: String,
    not_a_problem: bool,
}

/// The row as JSON Lines carries it (and as the CSV columns flatten it).
#[derive(Serialize)]
struct Record {
    id: i64,
    touchpoint: String,
    produced_at: String,
    received_at: String,
    source: String,
    external_id: Option<String>,
    model: Option<String>,
    input: Option<String>,
    output: String,
    text_removed: Option<String>,
    status: String,
    checked_because: Option<String>,
    sample_week: Option<String>,
    verdict: Option<String>,
    reviewer: Option<String>,
    reviewed_at: String,
    categories: Vec<String>,
    note: Option<String>,
    corrected_text: Option<String>,
    approvals: Vec<Value>,
    minutes_to_decision: Option<i64>,
    delivery: Option<String>,
    findings: Vec<String>,
}

pub const HEADER: &[&str] = &[
    "id",
    "touchpoint",
    "produced_at",
    "received_at",
    "source",
    "external_id",
    "model",
    "input",
    "output",
    "text_removed",
    "status",
    "checked_because",
    "sample_week",
    "verdict",
    "reviewer",
    "reviewed_at",
    "categories",
    "note",
    "corrected_text",
    "approvals",
    "minutes_to_decision",
    "delivery",
    "findings",
];

fn record(r: Row, req: &Request) -> Record {
    let approvals: Vec<Approval> = serde_json::from_str(&r.approvals_json).unwrap_or_default();
    let decided = approvals.iter().find(|a| a.last).and_then(Approval::at).map(|at| (at - r.received_at).num_minutes());
    let delivery = r.delivery_json.as_deref().and_then(|d| serde_json::from_str::<Delivery>(d).ok()).map(|d| {
        let tries = if d.attempts == 1 { "1 try".to_string() } else { format!("{} tries", d.attempts) };
        match d.last_error.filter(|_| d.state != "delivered") {
            Some(e) => format!("{} after {tries}: {e}", d.state),
            None => format!("{} after {tries}", d.state),
        }
    });
    let findings: Vec<Finding> = serde_json::from_str(&r.findings_json).unwrap_or_default();
    Record {
        id: r.id,
        touchpoint: r.touchpoint,
        produced_at: iso(Some(r.produced_at), req.tz),
        received_at: iso(Some(r.received_at), req.tz),
        source: r.source,
        external_id: r.external_id,
        model: r.model,
        input: r.input,
        output: r.output,
        text_removed: r
            .text_removed_at
            .map(|t| format!("{} on {}", r.text_removed_why.unwrap_or_default(), iso(Some(t), req.tz))),
        status: r.status,
        checked_because: r.checked_because,
        sample_week: r.sample_week,
        verdict: r.verdict,
        reviewer: r.reviewer,
        reviewed_at: iso(r.reviewed_at, req.tz),
        categories: r.categories_json.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default(),
        note: r.note.filter(|n| !n.is_empty()),
        corrected_text: r.corrected_text.filter(|c| !c.is_empty()),
        approvals: approvals
            .iter()
            .map(|a| {
                serde_json::json!({"who": a.who, "decision": a.decision, "at": iso(a.at(), req.tz),
                    "edited_text": a.edited_text, "reason": a.reason, "final": a.last})
            })
            .collect(),
        minutes_to_decision: decided,
        delivery,
        findings: findings
            .iter()
            .map(|f| format!("{}: {}{}", f.check, f.message, if f.not_a_problem { " (not a problem)" } else { "" }))
            .collect(),
    }
}

/// The approvals in one cell: "approve by Rita at …; approve by Sam at … (final)".
fn approvals_cell(list: &[Value]) -> String {
    list.iter()
        .map(|a| {
            let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let mut line = format!("{} by {} at {}", s("decision"), s("who"), s("at"));
            if let Some(edit) = a.get("edited_text").and_then(Value::as_str) {
                line.push_str(&format!(", sent as: {edit}"));
            }
            if !s("reason").is_empty() {
                line.push_str(&format!(", because: {}", s("reason")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn cells(r: &Record) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        r.id.to_string(),
        r.touchpoint.clone(),
        r.produced_at.clone(),
        r.received_at.clone(),
        r.source.clone(),
        o(&r.external_id),
        o(&r.model),
        o(&r.input),
        r.output.clone(),
        o(&r.text_removed),
        r.status.clone(),
        o(&r.checked_because),
        o(&r.sample_week),
        o(&r.verdict),
        o(&r.reviewer),
        r.reviewed_at.clone(),
        r.categories.join("; "),
        o(&r.note),
        o(&r.corrected_text),
        approvals_cell(&r.approvals),
        r.minutes_to_decision.map(|m| m.to_string()).unwrap_or_default(),
        o(&r.delivery),
        r.findings.join("; "),
    ]
}

pub(super) async fn write(db: &Db, req: &Request, tx: &mpsc::Sender<Result<Vec<u8>>>) -> Result<()> {
    let mut out = Out::start(tx, req.format, HEADER)?;
    let mut rows = sqlx::query_as::<_, Row>(QUERY).bind(req.touchpoint).bind(req.from).bind(req.until).fetch(db);
    while let Some(row) = rows.try_next().await? {
        let r = record(row, req);
        if !out.put(&cells(&r), &r).await? {
            return Ok(());
        }
    }
    out.send().await;
    Ok(())
}
