//! Outputs: what the AI produced, as it arrives from the API, a file, a
//! calendar or a paste box. Acknowledged only after the commit.

pub use model::outputs::{Booking, Source, Status};

mod ingest;
mod parse;
mod store;

pub use ingest::Ingestor;
pub use parse::{parse_item, FieldError, RawBooking, RawOutput, LIMITS};
pub use store::{get_for_touchpoint, OutputRecord, Target};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A validated output, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutput {
    pub output: String,
    pub input: Option<String>,
    pub external_id: Option<String>,
    pub produced_at: DateTime<Utc>,
    pub model: Option<String>,
    /// A JSON object, as text.
    pub metadata: Option<String>,
    pub booking: Option<Booking>,
    pub source: Source,
    /// The person who pasted it in (they may never review it).
    pub submitted_by: Option<i64>,
}

impl NewOutput {
    /// An output as a tool sends it with just its text, id and time
    /// (bulk loads in benchmarks and tests).
    pub fn plain(output: String, external_id: String, produced_at: DateTime<Utc>) -> NewOutput {
        NewOutput {
            output,
            input: None,
            external_id: Some(external_id),
            produced_at,
            model: None,
            metadata: None,
            booking: None,
            source: Source::Api,
            submitted_by: None,
        }
    }
}

/// What the caller is told once an output is safely stored.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Stored {
    pub id: i64,
    pub status: Status,
    /// True when this external id was already stored: nothing new was saved.
    pub duplicate: bool,
    /// For a booking: the ids of stored bookings of the same resource it
    /// overlaps (a double booking). Left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<i64>,
    /// What the fact checks found (empty: nothing). A tool can stop a bad
    /// reply on these before it is sent; the output is also queued for review.
    pub findings: Vec<model::facts::Finding>,
}
