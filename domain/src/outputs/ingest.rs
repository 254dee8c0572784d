//! Writing outputs. All ingestion goes through one writer task with its own
//! connection: SQLite takes one writer at a time anyway. Requests that arrive
//! together are committed together (group commit): each caller still gets
//! its answer only after the commit that holds its output.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{sqlite::SqlitePoolOptions, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::{store, NewOutput, Stored, Target};
use crate::{
    db,
    facts::{Checkers, Finding},
    touchpoints::Touchpoint,
    DomainError, Result,
};

/// At most this many waiting outputs share one transaction.
const GROUP: usize = 256;

struct Job {
    target: Target,
    new: NewOutput,
    reply: oneshot::Sender<Result<Stored>>,
}

#[derive(Clone, Debug)]
pub struct Ingestor {
    writer: SqlitePool,
    queue: mpsc::Sender<Job>,
    checkers: Checkers,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("target", &self.target).finish()
    }
}

impl Ingestor {
    /// Opens the writer connection to the (already migrated) database and
    /// starts the writer task on the current runtime.
    pub async fn open(url: &str) -> Result<Ingestor, db::OpenError> {
        let opts = db::connect_options(url)?;
        let one = |opts| SqlitePoolOptions::new().max_connections(1).min_connections(1).connect_with(opts);
        let open_error = |e| db::OpenError::Open(url.to_string(), e);
        // The writer never checkpoints the WAL itself: a commit that did
        // would copy the log into the file and sync it twice while every
        // waiting request queued behind it (the ingest p99). `checkpoints`
        // does that beside it, on a connection of its own.
        let writer = one(opts.clone().pragma("wal_autocheckpoint", "0")).await.map_err(open_error)?;
        let checkpointer = one(opts).await.map_err(open_error)?;
        let (queue, jobs) = mpsc::channel(4 * GROUP);
        let checkers = Checkers::default();
        tokio::spawn(write_groups(writer.clone(), checkers.clone(), jobs));
        tokio::spawn(checkpoints(checkpointer, queue.downgrade()));
        Ok(Ingestor { writer, queue, checkers })
    }

    /// Stores one output; returns once it is committed.
    pub async fn one(&self, tp: &Touchpoint, new: &NewOutput) -> Result<Stored> {
        tp.takes_outputs()?;
        let (reply, answer) = oneshot::channel();
        let gone = || DomainError::Unexpected(anyhow::anyhow!("the ingest writer has stopped"));
        self.queue.send(Job { target: tp.into(), new: new.clone(), reply }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Stores all of them in one transaction of their own: all or nothing.
    pub async fn many(&self, tp: &Touchpoint, items: &[NewOutput]) -> Result<Vec<Stored>> {
        tp.takes_outputs()?;
        let target = Target::from(tp);
        let rows: Vec<(Target, &NewOutput)> = items.iter().map(|n| (target, n)).collect();
        commit(&self.writer, &self.checkers, &rows).await
    }

    /// One output in its own transaction, bypassing the group (the
    /// benchmark's baseline, and the fallback when a group fails).
    pub async fn alone(&self, target: Target, new: &NewOutput) -> Result<Stored> {
        write_alone(&self.writer, &self.checkers, target, new).await
    }

    /// What the fact checks find in an output of `tp`, without storing it
    /// (reading the facts' version from `db`, never holding up the writer).
    pub async fn check_only(&self, db: &crate::Db, tp: &Touchpoint, new: &NewOutput) -> Result<Vec<Finding>> {
        let mut conn = db.acquire().await?;
        let checker = self.checkers.get(&mut conn).await?;
        Ok(checker.check(&tp.checks, &subject(new)))
    }
}

fn subject(new: &NewOutput) -> checks::Subject<'_> {
    checks::Subject {
        input: new.input.as_deref(),
        output: &new.output,
        booking: new.booking.as_ref(),
        produced_at: new.produced_at,
    }
}

async fn write_alone(pool: &SqlitePool, checkers: &Checkers, target: Target, new: &NewOutput) -> Result<Stored> {
    let mut stored = commit(pool, checkers, &[(target, new)]).await?;
    stored.pop().ok_or_else(|| DomainError::Unexpected(anyhow::anyhow!("an insert returned nothing")))
}

/// One transaction for all `rows`: all or nothing.
async fn commit(pool: &SqlitePool, checkers: &Checkers, rows: &[(Target, &NewOutput)]) -> Result<Vec<Stored>> {
    let mut tx = crate::db::begin_write(pool).await?;
    let checking = start_checks(&mut tx, checkers, rows).await?;
    let mut out = store::insert_many(&mut tx, rows, Utc::now()).await?;
    keep_findings(&mut tx, rows, &mut out, checking).await?;
    note_models(&mut tx, rows, &out).await?;
    let fresh: Vec<(i64, DateTime<Utc>, &str)> = rows
        .iter()
        .zip(&out)
        .filter(|(_, s)| !s.duplicate)
        .map(|((t, n), _)| (t.id, n.produced_at, n.output.as_str()))
        .collect();
    crate::drift::days::note_batch(&mut tx, &fresh).await?;
    for ((target, new), stored) in rows.iter().zip(out.iter_mut()) {
        if let (Some(booking), false) = (&new.booking, stored.duplicate) {
            stored.conflicts = crate::drift::conflicts::check(&mut tx, target.id, stored.id, booking).await?;
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// The fact checks of a group, running on a thread of their own while the
/// rows are inserted (they need the text, not the ids): on a two-core
/// machine the checks cost little more than the insert alone. The checker
/// is read inside the write transaction, so the facts cannot change under it.
struct Checking {
    findings: tokio::task::JoinHandle<Vec<(usize, Vec<Finding>)>>,
    cal: crate::calendar::Calendar,
}

async fn start_checks(
    conn: &mut sqlx::SqliteConnection,
    checkers: &Checkers,
    rows: &[(Target, &NewOutput)],
) -> Result<Option<Checking>> {
    if rows.iter().all(|(t, _)| t.checks.is_empty()) {
        return Ok(None);
    }
    let checker = checkers.get(conn).await?;
    let cal = crate::business::calendar_on(conn).await?;
    let owned: Vec<(usize, Vec<model::facts::Check>, NewOutput)> = rows
        .iter()
        .enumerate()
        .filter(|(_, (t, _))| !t.checks.is_empty())
        .map(|(i, (t, new))| (i, t.checks.list(), (*new).clone()))
        .collect();
    let findings = tokio::task::spawn_blocking(move || {
        owned
            .iter()
            .map(|(i, checks, new)| (*i, checker.check(checks, &subject(new))))
            .filter(|(_, found)| !found.is_empty())
            .collect()
    });
    Ok(Some(Checking { findings, cal }))
}

/// Keeps what the checks found on each newly stored output, in the
/// output's own transaction, and queues it for review.
async fn keep_findings(
    conn: &mut sqlx::SqliteConnection,
    rows: &[(Target, &NewOutput)],
    stored: &mut [Stored],
    checking: Option<Checking>,
) -> Result<()> {
    let Some(Checking { findings, cal }) = checking else { return Ok(()) };
    let found = findings.await.map_err(|e| DomainError::Unexpected(anyhow::anyhow!("the fact checks stopped: {e}")))?;
    for (i, findings) in found {
        let ((target, new), s) = (&rows[i], &mut stored[i]);
        if s.duplicate {
            continue;
        }
        let week = crate::calendar::Week::containing(new.produced_at, cal).to_string();
        crate::facts::record(conn, target.id, s.id, &week, &findings).await?;
        s.findings = findings;
    }
    Ok(())
}

/// Tells the drift checks about each model value a touchpoint has not
/// produced with before (the earliest new output of the group stands for it).
async fn note_models(
    conn: &mut sqlx::SqliteConnection,
    rows: &[(Target, &NewOutput)],
    stored: &[Stored],
) -> Result<()> {
    let mut firsts: HashMap<(i64, &str), (DateTime<Utc>, i64)> = HashMap::new();
    for ((target, new), s) in rows.iter().zip(stored) {
        if let (Some(model), false) = (new.model.as_deref(), s.duplicate) {
            let first = firsts.entry((target.id, model)).or_insert((new.produced_at, s.id));
            if new.produced_at < first.0 {
                *first = (new.produced_at, s.id);
            }
        }
    }
    let mut firsts: Vec<_> = firsts.into_iter().collect();
    firsts.sort_by_key(|(_, (at, id))| (*at, *id));
    for ((tp, model), (at, id)) in firsts {
        crate::sampling::model_seen(conn, tp, model, id, at).await?;
    }
    Ok(())
}

/// How often the WAL is copied into the database file while ingest runs.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Copies the WAL into the database file every half second, without
/// waiting for readers or the writer (PASSIVE), until the ingestor is gone.
/// A failed checkpoint is logged and tried again; the WAL only grows
/// meanwhile, and the other connections still checkpoint past 1000 pages.
async fn checkpoints(pool: SqlitePool, ingestor: mpsc::WeakSender<Job>) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if ingestor.upgrade().is_none() {
            pool.close().await;
            return;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
            tracing::warn!(error = %e, "the ingest checkpoint failed; trying again");
        }
    }
}

async fn write_groups(pool: SqlitePool, checkers: Checkers, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < GROUP {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let rows: Vec<(Target, &NewOutput)> = jobs.iter().map(|j| (j.target, &j.new)).collect();
        let result = commit(&pool, &checkers, &rows).await;
        drop(rows);
        match result {
            Ok(results) => {
                for (job, stored) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(Ok(stored));
                }
            }
            // Nothing of the group was committed: give each its own
            // transaction so one failure cannot fail the others.
            Err(_) => {
                for job in jobs {
                    let result = write_alone(&pool, &checkers, job.target, &job.new).await;
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}
