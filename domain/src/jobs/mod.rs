//! Every scheduled job, listed in one place (`JOBS`) and run when due on the
//! business's clock. Each period's job runs once (`job_runs`), also when the
//! server was down at the time: it runs when it comes back. One job failing
//! is reported and the others still run.

mod monthly;
mod weekly;

use chrono::{DateTime, Utc};

pub use weekly::LOOKBACK_WEEKS;

use crate::{business::Business, Db, Result};

/// The jobs, in the order they run each minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Replays each touchpoint's inspection history with the verdicts given since.
    Inspection,
    /// Draws (or tops up) every full week in reach, then the "queue is ready" email.
    WeeklyDraw,
    /// The monthly review reminder.
    MonthlyReminder,
    /// Escalations and hard timeouts of held outputs.
    GateTimeouts,
    /// Quality, shape and volume checks, raising alerts.
    DriftChecks,
    /// Once a day: the text of outputs older than the business keeps it.
    Retention,
}

pub const JOBS: [Job; 6] =
    [Job::Inspection, Job::WeeklyDraw, Job::MonthlyReminder, Job::GateTimeouts, Job::DriftChecks, Job::Retention];

impl Job {
    pub fn name(self) -> &'static str {
        match self {
            Job::Inspection => "inspection history",
            Job::WeeklyDraw => "weekly draw",
            Job::MonthlyReminder => "monthly reminder",
            Job::GateTimeouts => "gate timeouts",
            Job::DriftChecks => "drift checks",
            Job::Retention => "text retention",
        }
    }

    /// Runs the job if due; returns a line per thing done.
    async fn run(self, db: &Db, now: DateTime<Utc>, biz: &Business) -> Result<Vec<String>> {
        match self {
            Job::Inspection => crate::sampling::refresh(db).await.map(|()| vec![]),
            Job::WeeklyDraw => weekly::run(db, now, biz).await,
            Job::MonthlyReminder => monthly::run(db, now, biz).await,
            Job::GateTimeouts => {
                let timeouts = crate::gate::run_timeouts(db, now).await?;
                let reminded = timeouts.reminded.iter().map(|id| format!("reminded about output #{id}"));
                let escalated = timeouts.escalated.iter().map(|id| format!("escalated output #{id}"));
                Ok(reminded
                    .chain(escalated)
                    .chain(timeouts.rejected.iter().map(|id| format!("rejected output #{id} at its hard timeout")))
                    .collect())
            }
            Job::DriftChecks => {
                Ok(crate::drift::detect::run(db, now).await?.into_iter().map(|t| format!("alert: {t}")).collect())
            }
            Job::Retention => {
                let day = now.with_timezone(&biz.calendar().tz).date_naive().to_string();
                if biz.keep_text_months == 0 || !claim(&mut *db.acquire().await?, "retention", &day, now).await? {
                    return Ok(vec![]);
                }
                let removed = crate::privacy::apply_retention(db, biz.keep_text_months, now).await?;
                Ok((removed > 0)
                    .then(|| {
                        format!("removed the text of {removed} outputs older than {} months", biz.keep_text_months)
                    })
                    .into_iter()
                    .collect())
            }
        }
    }
}

/// What one round of jobs did.
#[derive(Debug, Default)]
pub struct Report {
    /// A line per thing done.
    pub done: Vec<String>,
    /// A line per job that failed (the others still ran).
    pub failed: Vec<String>,
}

/// Runs every job due at `now`.
pub async fn run_due(db: &Db, now: DateTime<Utc>) -> Result<Report> {
    let Some(biz) = crate::business::get(db).await? else { return Ok(Report::default()) };
    let mut report = Report::default();
    for job in JOBS {
        match job.run(db, now, &biz).await {
            Ok(lines) => report.done.extend(lines),
            Err(e) => report.failed.push(format!("the {} failed: {e:#}", job.name())),
        }
    }
    Ok(report)
}

/// Marks `job` done for `slot`; false when it already was.
async fn claim(conn: &mut sqlx::SqliteConnection, job: &str, slot: &str, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query("INSERT INTO job_runs (job, slot, ran_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(job)
        .bind(slot)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
