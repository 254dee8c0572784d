//! The oversight record as a file: every output with why it was checked,
//! its verdict, its approvals, its delivery and its fact-check findings; or
//! the audit log with its hash chain. CSV (opens in a spreadsheet as it is)
//! or JSON Lines, streamed a chunk at a time so a million rows need no more
//! memory than ten.

mod audit;
mod outputs;
mod sheet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;

use crate::{Db, DomainError, Result};

/// Which record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Outputs,
    Audit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::JsonLines => "application/jsonl; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }
}

/// What to export, as the form and the CLI give it: all text, checked here.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    pub what: String,
    pub format: String,
    pub touchpoint: Option<i64>,
    /// First and last day, inclusive, on the business's clock (YYYY-MM-DD).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A checked [`Ask`].
#[derive(Debug, Clone)]
pub struct Request {
    pub what: What,
    pub format: Format,
    pub touchpoint: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive: the start of the day after the last one.
    pub until: Option<DateTime<Utc>>,
    pub tz: Tz,
}

impl Request {
    /// The file name a download gets: `secondlook-outputs-2026-11-01-to-2026-11-30.csv`.
    pub fn file_name(&self, ask: &Ask) -> String {
        let what = if self.what == What::Audit { "audit-log" } else { "outputs" };
        let range = match (&ask.from, &ask.to) {
            (Some(f), Some(t)) => format!("-{f}-to-{t}"),
            (Some(f), None) => format!("-from-{f}"),
            (None, Some(t)) => format!("-to-{t}"),
            (None, None) => String::new(),
        };
        format!("secondlook-{what}{range}.{}", self.format.extension())
    }
}

fn day(field: &'static str, text: &Option<String>, tz: Tz) -> Result<Option<(NaiveDate, DateTime<Utc>)>> {
    let Some(t) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| DomainError::invalid(field, format!("\"{t}\" is not a date: write it as 2026-11-30.")))?;
    let start = tz
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .ok_or_else(|| DomainError::invalid(field, "That day does not exist on the business's clock."))?;
    Ok(Some((d, start.with_timezone(&Utc))))
}

/// Checks `ask` against the business's clock.
pub async fn check(db: &Db, ask: &Ask) -> Result<Request> {
    let what = match ask.what.as_str() {
        "outputs" | "" => What::Outputs,
        "audit" => What::Audit,
        other => {
            return Err(DomainError::invalid("what", format!("\"{other}\" is not a record: choose outputs or audit.")))
        }
    };
    let format = match ask.format.as_str() {
        "csv" | "" => Format::Csv,
        "jsonl" => Format::JsonLines,
        other => {
            return Err(DomainError::invalid("format", format!("\"{other}\" is not a format: choose csv or jsonl.")))
        }
    };
    let tz = crate::business::calendar(db).await?.tz;
    let from = day("from", &ask.from, tz)?;
    let to = day("to", &ask.to, tz)?;
    if let (Some((f, _)), Some((t, _))) = (&from, &to) {
        if t < f {
            return Err(DomainError::invalid("to", "The last day is before the first."));
        }
    }
    let until = match to {
        Some((d, _)) => day("to", &Some((d + chrono::Duration::days(1)).to_string()), tz)?.map(|(_, t)| t),
        None => None,
    };
    if let Some(id) = ask.touchpoint {
        crate::touchpoints::get(db, id).await?;
    }
    Ok(Request { what, format, touchpoint: ask.touchpoint, from: from.map(|(_, t)| t), until, tz })
}

/// About this many bytes go out at a time.
const CHUNK: usize = 64 * 1024;

/// The file, as a stream of chunks. The query runs in its own task and
/// waits while the reader is slow (two chunks in flight at most), so
/// memory stays flat however long the record is.
pub fn stream(db: Db, req: Request) -> impl Stream<Item = Result<Vec<u8>>> + Send + 'static {
    let (tx, rx) = mpsc::channel::<Result<Vec<u8>>>(2);
    tokio::spawn(async move {
        let sent = match req.what {
            What::Outputs => outputs::write(&db, &req, &tx).await,
            What::Audit => audit::write(&db, &req, &tx).await,
        };
        if let Err(e) = sent {
            // The reader learns of it as a failed stream, not a short file.
            let _ = tx.send(Err(e)).await;
        }
    });
    // Fused: a compressing layer polls once more after the end, which a bare
    // unfold answers with a panic.
    futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|chunk| (chunk, rx)) }).fuse()
}

/// Where rows are written: a buffer handed to the channel whenever it is full.
pub(crate) struct Out<'a> {
    tx: &'a mpsc::Sender<Result<Vec<u8>>>,
    buf: Vec<u8>,
    format: Format,
}

impl<'a> Out<'a> {
    /// A file in `format`; a CSV starts with its byte-order mark and header.
    fn start(tx: &'a mpsc::Sender<Result<Vec<u8>>>, format: Format, header: &[&str]) -> Result<Self> {
        let mut out = Out { tx, buf: Vec::with_capacity(CHUNK + 4096), format };
        if format == Format::Csv {
            sheet::start(&mut out.buf, header).map_err(anyhow::Error::from)?;
        }
        Ok(out)
    }

    /// One row: its `cells` in a CSV, or `record` as a JSON line. `false`
    /// when the reader has gone (a cancelled download): stop reading.
    async fn put(&mut self, cells: &[String], record: &impl serde::Serialize) -> Result<bool> {
        match self.format {
            Format::Csv => sheet::row(&mut self.buf, cells.iter().map(String::as_str)).map_err(anyhow::Error::from)?,
            Format::JsonLines => {
                serde_json::to_writer(&mut self.buf, record).map_err(anyhow::Error::from)?;
                self.buf.push(b'\n');
            }
        }
        Ok(self.buf.len() < CHUNK || self.send().await)
    }

    async fn send(&mut self) -> bool {
        if self.buf.is_empty() {
            return true;
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
        self.tx.send(Ok(chunk)).await.is_ok()
    }
}

/// A time as SQLite keeps it ("2026-11-24 15:00:00.123+00:00", or with a T).
fn stored_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&text.replacen(' ', "T", 1)).ok().map(|t| t.with_timezone(&Utc))
}

/// A time on the business's clock, ISO 8601 with its offset.
fn iso(t: Option<DateTime<Utc>>, tz: Tz) -> String {
    t.map(|t| t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)).unwrap_or_default()
}
