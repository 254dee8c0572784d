//! An import's life: uploaded (waiting for its mapping), running (stored in
//! chunks, with progress), then done or failed (with every bad line).

pub use model::imports::ImportStatus;

use chrono::Utc;

use super::{choices, read_ics, to_outputs, Clock, Format, LineError, Mapping};
use crate::{
    outputs::{Ingestor, NewOutput},
    touchpoints::{self, Touchpoint},
    Db, DomainError, Result,
};

/// Uploads larger than this are refused before they are read.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;
const CHUNK: usize = 500;
const SHOWN_ERRORS: usize = 200;

fn format_of(file_name: &str, bytes: &[u8]) -> &'static str {
    let name = file_name.to_lowercase();
    if name.ends_with(".ics") || bytes.starts_with(b"BEGIN:VCALENDAR") {
        return "ics";
    }
    if super::is_sheet(&name) {
        return "sheet";
    }
    match Format::detect(&name, &String::from_utf8_lossy(&bytes[..bytes.len().min(64)])) {
        Format::Csv => "csv",
        Format::JsonLines => "jsonl",
    }
}

/// Keeps the uploaded files until their mapping is chosen: one table or
/// calendar file, or one or many `.eml` files.
pub async fn upload(db: &Db, touchpoint_id: i64, user_id: i64, mut files: Vec<(String, Vec<u8>)>) -> Result<i64> {
    let tp = touchpoints::get(db, touchpoint_id).await?;
    tp.takes_outputs()?;
    let emails = files.iter().filter(|(name, _)| super::eml::is_eml(name)).count();
    if files.is_empty() {
        return Err(DomainError::invalid("file", "Choose a file to upload."));
    }
    if files.iter().any(|(_, bytes)| bytes.is_empty()) {
        return Err(DomainError::invalid("file", "The file is empty."));
    }
    let (file_name, format, bytes) = match (files.len(), emails) {
        (1, 1) => (files[0].0.clone(), "eml", super::eml::pack(&files)),
        (n, e) if e == n => (format!("{n} emails"), "eml", super::eml::pack(&files)),
        (1, _) => {
            let (name, bytes) = files.pop().expect("one file");
            (name.clone(), format_of(&name, &bytes), bytes)
        }
        _ => {
            return Err(DomainError::invalid(
                "file",
                "Only .eml files can be uploaded several at once; upload one table or calendar file at a time.",
            ))
        }
    };
    if format == "ics" && tp.settings.kind != touchpoints::Kind::Scheduling {
        return Err(DomainError::invalid("file", "Calendar files can only be imported into a scheduling touchpoint."));
    }
    let name: String = file_name.chars().take(200).collect();
    Ok(sqlx::query_scalar(
        "INSERT INTO imports (touchpoint_id, user_id, file_name, format, content, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'uploaded', ?) RETURNING id",
    )
    .bind(touchpoint_id)
    .bind(user_id)
    .bind(name)
    .bind(format)
    .bind(bytes)
    .bind(Utc::now())
    .fetch_one(db)
    .await?)
}

type Row = (i64, i64, String, String, Option<Vec<u8>>, String, i64, i64, i64, i64, String);

async fn row(db: &Db, id: i64) -> Result<Row> {
    sqlx::query_as(
        "SELECT id, touchpoint_id, file_name, format, content, status, total, processed, stored, duplicates, errors_json
         FROM imports WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| DomainError::NotFound(format!("Import {id}")))
}

async fn business_tz(db: &Db) -> Result<chrono_tz::Tz> {
    Ok(crate::business::get(db).await?.and_then(|b| b.timezone.parse().ok()).unwrap_or(chrono_tz::UTC))
}

async fn kind_of(db: &Db, touchpoint_id: i64) -> Result<touchpoints::Kind> {
    Ok(touchpoints::get(db, touchpoint_id).await?.settings.kind)
}

pub async fn status(db: &Db, id: i64) -> Result<ImportStatus> {
    let (id, touchpoint_id, file_name, format, content, status, total, processed, stored, duplicates, errors_json) =
        row(db, id).await?;
    let mut s = ImportStatus {
        id,
        touchpoint_id,
        file_name,
        format,
        status,
        total,
        processed,
        stored,
        duplicates,
        errors: serde_json::from_str(&errors_json).unwrap_or_default(),
        columns: vec![],
        sample: vec![],
        guess: Mapping::default(),
        events: 0,
        encoding: String::new(),
        delimiter: String::new(),
        date_order: String::new(),
        dates_ambiguous: false,
        time_example: String::new(),
        bookings: false,
        sheets: vec![],
        sheet: String::new(),
    };
    if s.status == "uploaded" {
        if let Some(bytes) = content {
            let format = s.format.clone();
            let chosen = choices::load(db, id).await?;
            match format.as_str() {
                "ics" => match read_ics(&bytes, business_tz(db).await?) {
                    Ok(events) => s.events = events.len(),
                    Err(errors) => s.errors = errors,
                },
                "eml" => match super::eml::read_emls(&bytes, kind_of(db, touchpoint_id).await?, Utc::now()) {
                    Ok(emails) => s.events = emails.len(),
                    Err(errors) => s.errors = errors,
                },
                f => match choices::read(f, &bytes, &chosen, Some(&mut s)) {
                    Ok(table) => {
                        let tz = business_tz(db).await?;
                        let bookings = kind_of(db, touchpoint_id).await? == touchpoints::Kind::Scheduling;
                        let guess = Mapping::guess_for(&table.columns, bookings);
                        s.bookings = bookings;
                        choices::describe_times(&mut s, &table, &guess.produced_at, tz, chosen.date_order);
                        s.guess = guess.clone();
                        s.sample = table.rows.iter().take(5).map(|r| r.values.clone()).collect();
                        s.total = table.rows.len() as i64;
                        s.columns = table.columns;
                    }
                    Err(e) => s.errors = vec![e],
                },
            }
        }
    }
    Ok(s)
}

async fn fail(db: &Db, id: i64, errors: &[LineError]) -> Result<()> {
    let shown: Vec<_> = errors.iter().take(SHOWN_ERRORS).collect();
    sqlx::query("UPDATE imports SET status = 'failed', errors_json = ?, content = NULL, finished_at = ? WHERE id = ?")
        .bind(serde_json::to_string(&shown).unwrap_or_else(|_| "[]".into()))
        .bind(Utc::now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Checks every line; if all are valid, stores them in the background in
/// chunks (progress in the row), otherwise records every bad line and stores
/// nothing. Returns once the check is done.
pub async fn start(db: &Db, ingestor: &Ingestor, id: i64, mapping: Mapping) -> Result<()> {
    let (_, touchpoint_id, _, format, content, status, ..) = row(db, id).await?;
    if status != "uploaded" {
        return Err(DomainError::Conflict("This import has already been started.".into()));
    }
    let bytes = content.unwrap_or_default();
    let tp = touchpoints::get(db, touchpoint_id).await?;
    // A mapping mistake is answered beside its field: the upload stays ready.
    let bookings = tp.settings.kind == touchpoints::Kind::Scheduling && !mapping.resource.is_empty();
    if ["csv", "jsonl", "sheet"].contains(&format.as_str()) && mapping.output.is_empty() && !bookings {
        return Err(DomainError::invalid("output", "Choose the column that holds the AI's output."));
    }
    if ["csv", "jsonl", "sheet"].contains(&format.as_str()) {
        let chosen = choices::load(db, id).await?;
        if let Ok(table) = choices::read(&format, &bytes, &chosen, None) {
            if let Some(mistake) = choices::time_mistake(&table, &mapping, business_tz(db).await?, chosen.date_order) {
                return Err(mistake);
            }
        }
    }
    let outputs = match parse(db, id, &format, &bytes, &mapping, &tp).await? {
        Ok(o) => o,
        Err(errors) => return fail(db, id, &errors).await,
    };
    let claimed = sqlx::query(
        "UPDATE imports SET status = 'running', total = ?, mapping_json = ? WHERE id = ? AND status = 'uploaded'",
    )
    .bind(outputs.len() as i64)
    .bind(serde_json::to_string(&mapping).unwrap_or_default())
    .bind(id)
    .execute(db)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(DomainError::Conflict("This import has already been started.".into()));
    }
    spawn_run(db, ingestor, id, tp, outputs, 0);
    Ok(())
}

/// Every row of the file as an output, or every bad line. A row without an
/// id of its own gets one from its import and place (`import-7-row-12`), so
/// an import resumed after a restart never stores a row twice.
async fn parse(
    db: &Db,
    id: i64,
    format: &str,
    bytes: &[u8],
    mapping: &Mapping,
    tp: &Touchpoint,
) -> Result<std::result::Result<Vec<NewOutput>, Vec<LineError>>> {
    let tz = business_tz(db).await?;
    let choices = choices::load(db, id).await?;
    let parsed = match format {
        "ics" => read_ics(bytes, tz),
        "eml" => super::eml::read_emls(bytes, tp.settings.kind, Utc::now()),
        f => choices::read(f, bytes, &choices, None).map_err(|e| vec![e]).and_then(|t| {
            let clock = Clock::for_column(&t, &mapping.produced_at, tz, choices.date_order);
            to_outputs(&t, mapping, tp.settings.kind, clock, Utc::now())
        }),
    };
    Ok(parsed.map(|mut outputs| {
        for (n, o) in outputs.iter_mut().enumerate() {
            o.external_id.get_or_insert_with(|| format!("import-{id}-row-{}", n + 1));
        }
        outputs
    }))
}

fn spawn_run(db: &Db, ingestor: &Ingestor, id: i64, tp: Touchpoint, outputs: Vec<NewOutput>, skip: usize) {
    let (db, ingestor) = (db.clone(), ingestor.clone());
    tokio::spawn(async move {
        if let Err(e) = run(&db, &ingestor, id, &tp, &outputs[skip.min(outputs.len())..]).await {
            tracing::error!(error = ?e, import = id, "import failed");
            let _ = fail(&db, id, &[LineError::new(0, "The import stopped because of a server problem; the outputs stored so far are kept. Upload the file again to add the rest (duplicates are skipped).")]).await;
        }
    });
}

/// At start-up: every import a restart cut off goes on from the last chunk
/// it recorded (rows stored after that are found as duplicates, not stored
/// again). One started by an older release, whose file was not kept, is
/// stopped with a line saying what to do.
pub async fn resume(db: &Db, ingestor: &Ingestor) -> Result<usize> {
    /// id, touchpoint, format, the file, the mapping, rows recorded.
    type Running = (i64, i64, String, Option<Vec<u8>>, Option<String>, i64);
    let running: Vec<Running> = sqlx::query_as(
        "SELECT id, touchpoint_id, format, content, mapping_json, processed FROM imports WHERE status = 'running'",
    )
    .fetch_all(db)
    .await?;
    let mut resumed = 0;
    for (id, touchpoint_id, format, content, mapping_json, processed) in running {
        let tp = touchpoints::get(db, touchpoint_id).await?;
        let mapping: Option<Mapping> = mapping_json.and_then(|m| serde_json::from_str(&m).ok());
        let outputs = match (content, mapping) {
            (Some(bytes), Some(mapping)) => parse(db, id, &format, &bytes, &mapping, &tp).await?.ok(),
            _ => None,
        };
        match outputs {
            Some(outputs) => {
                spawn_run(db, ingestor, id, tp, outputs, processed.max(0) as usize);
                resumed += 1;
            }
            None => {
                let why = format!("The import was cut off by a restart after {processed} rows; those are kept. Upload the file again to add the rest (rows already imported are skipped).");
                fail(db, id, &[LineError::new(0, why)]).await?;
            }
        }
    }
    Ok(resumed)
}

async fn run(db: &Db, ingestor: &Ingestor, id: i64, tp: &Touchpoint, outputs: &[NewOutput]) -> Result<()> {
    for chunk in outputs.chunks(CHUNK) {
        let results = ingestor.many(tp, chunk).await?;
        let dups = results.iter().filter(|r| r.duplicate).count() as i64;
        sqlx::query("UPDATE imports SET processed = processed + ?, stored = stored + ?, duplicates = duplicates + ? WHERE id = ?")
            .bind(chunk.len() as i64)
            .bind(chunk.len() as i64 - dups)
            .bind(dups)
            .bind(id)
            .execute(db)
            .await?;
    }
    sqlx::query("UPDATE imports SET status = 'done', content = NULL, finished_at = ? WHERE id = ?")
        .bind(Utc::now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
