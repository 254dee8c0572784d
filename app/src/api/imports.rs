//! Getting outputs in by hand: paste one, or import a file with a column
//! mapping and watch its progress. Any logged-in person may do this.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Which column holds which field (column names; empty for none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MappingForm {
    pub output: String,
    pub input: String,
    pub external_id: String,
    pub produced_at: String,
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: i64,
    pub file_name: String,
    pub format: String,
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub stored: i64,
    pub duplicates: i64,
    pub errors: Vec<LineProblem>,
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub guess: MappingForm,
    pub events: usize,
}

/// What the connection examples need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub name: String,
    pub kind: String,
    pub base_url: String,
}

#[server(endpoint = "imports/status")]
pub async fn import_status(id: i64) -> Result<ImportView, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let s = domain::imports::jobs::status(&ssr::db()?, id).await?;
    let errors = s.errors.into_iter().map(|e| LineProblem { line: e.line, message: e.message }).collect();
    Ok(ImportView {
        id: s.id,
        file_name: s.file_name,
        format: s.format,
        status: s.status,
        total: s.total,
        processed: s.processed,
        stored: s.stored,
        duplicates: s.duplicates,
        errors,
        columns: s.columns,
        sample: s.sample,
        guess: ssr::reshape(s.guess)?,
        events: s.events,
    })
}

#[server(endpoint = "imports/start")]
pub async fn start_import(id: i64, #[server(default)] mapping: MappingForm) -> Result<(), AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let mapping: domain::imports::Mapping = ssr::reshape(mapping)?;
    domain::imports::jobs::start(&ssr::db()?, &ssr::ingestor()?, id, mapping).await?;
    Ok(())
}

/// One output typed or pasted in by a person (who then may not review it).
#[server(endpoint = "outputs/paste")]
pub async fn paste_output(
    touchpoint_id: i64,
    output: String,
    #[server(default)] input: String,
    #[server(default)] model: String,
    #[server(default)] external_id: String,
) -> Result<i64, AppError> {
    use crate::ssr;
    use domain::outputs::{RawOutput, Source};
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let tp = domain::touchpoints::get(&db, touchpoint_id).await?;
    if tp.retired_at.is_some() {
        return ssr::fail(AppError::Conflict("This touchpoint is retired and takes no more outputs.".into()));
    }
    let some = |s: String| (!s.trim().is_empty()).then_some(s);
    let raw = RawOutput { output: Some(output), input: some(input), model: some(model), external_id: some(external_id), ..Default::default() };
    let mut new = match raw.validate(tp.settings.kind, Source::Paste, chrono::Utc::now()) {
        Ok(n) => n,
        Err(e) => return ssr::fail(AppError::Invalid { field: e.field, message: e.message }),
    };
    new.submitted_by = Some(me.id);
    let stored = ssr::ingestor()?.one(&tp, &new).await?;
    Ok(stored.id)
}

#[server(endpoint = "touchpoints/connect")]
pub async fn connect_info(touchpoint_id: i64) -> Result<Connection, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    let tp = domain::touchpoints::get(&ssr::db()?, touchpoint_id).await?;
    Ok(Connection { name: tp.settings.name, kind: tp.settings.kind.to_string(), base_url: ssr::base_url() })
}
