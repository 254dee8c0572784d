//! Running the checks on stored outputs: which checks a touchpoint gets,
//! and keeping what they found (each finding, and the output in the review
//! queue at once, outside the random sample).

use sqlx::SqliteConnection;

use chrono::{DateTime, Utc};
use model::facts::{Dismissal, KeptFinding};

use super::{Check, Finding};
use crate::{Db, Result};

/// The checks one touchpoint runs, as a small copyable set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckSet(u8);

impl CheckSet {
    pub fn of(list: &[Check]) -> CheckSet {
        CheckSet(list.iter().fold(0, |bits, c| bits | 1 << index(*c)))
    }

    pub fn list(self) -> Vec<Check> {
        Check::ALL.iter().copied().filter(|c| self.0 & (1 << index(*c)) != 0).collect()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

fn index(c: Check) -> u8 {
    Check::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8
}

/// Keeps the findings of a just-stored output and queues it for review
/// under its own week, with the findings as the reason.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    touchpoint_id: i64,
    output_id: i64,
    week: &str,
    findings: &[Finding],
) -> Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    let now = chrono::Utc::now();
    for f in findings {
        sqlx::query(
            "INSERT INTO findings (output_id, touchpoint_id, week, check_name, span_start, span_end, message, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(output_id)
        .bind(touchpoint_id)
        .bind(week)
        .bind(f.check)
        .bind(f.start as i64)
        .bind(f.end as i64)
        .bind(&f.message)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    let checks: Vec<&str> =
        findings.iter().map(|f| f.check.as_str()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let reason = format!("fact check: {}", checks.join(", "));
    crate::reviews::flag(conn, touchpoint_id, output_id, week, &reason).await
}

/// The findings kept for an output, in text order, with any "not a problem".
pub async fn findings_of(db: &Db, output_id: i64) -> Result<Vec<KeptFinding>> {
    type Row = (i64, Check, i64, i64, String, Option<String>, Option<DateTime<Utc>>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.id, f.check_name, f.span_start, f.span_end, f.message, u.name, f.dismissed_at, f.dismiss_note
         FROM findings f LEFT JOIN users u ON u.id = f.dismissed_by
         WHERE f.output_id = ? ORDER BY f.span_start, f.id",
    )
    .bind(output_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, check, s, e, message, by, at, note)| KeptFinding {
            id,
            finding: Finding { check, start: s as usize, end: e as usize, message },
            dismissed: at.map(|at| Dismissal { by: by.unwrap_or_default(), at, note: note.unwrap_or_default() }),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_set_holds_its_checks() {
        let set = CheckSet::of(&[Check::Hours, Check::Price]);
        assert_eq!(set.list(), vec![Check::Price, Check::Hours]);
        assert!(CheckSet::default().is_empty());
    }
}
