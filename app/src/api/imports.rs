//! Getting outputs in by hand: paste one, or import a file with a column
//! mapping and watch its progress. Any logged-in person may do this.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::imports::{LineError, Mapping};

/// What the connection examples need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub name: String,
    pub kind: model::touchpoint::Kind,
    pub base_url: String,
}

#[server(endpoint = "imports/status")]
pub async fn import_status(id: i64) -> Result<model::imports::ImportStatus, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    Ok(domain::imports::jobs::status(&ssr::db()?, id).await?)
}

/// Reads an uploaded table again with the separator, date order and sheet
/// the owner chose (empty: detect them).
#[server(endpoint = "imports/reading")]
pub async fn choose_reading(
    id: i64,
    #[server(default)] delimiter: String,
    #[server(default)] date_order: String,
    #[server(default)] sheet: String,
) -> Result<(), AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    Ok(domain::imports::choices::choose(&ssr::db()?, id, &delimiter, &date_order, &sheet).await?)
}

#[server(endpoint = "imports/start")]
pub async fn start_import(id: i64, #[server(default)] mapping: Mapping) -> Result<(), AppError> {
    use crate::ssr;
    ssr::require_user().await?;
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
    let some = |s: String| (!s.trim().is_empty()).then_some(s);
    let raw = RawOutput {
        output: Some(output),
        input: some(input),
        model: some(model),
        external_id: some(external_id),
        ..Default::default()
    };
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
    Ok(Connection { name: tp.settings.name, kind: tp.settings.kind, base_url: ssr::base_url() })
}
