//! Reading one output from JSON (the API, JSON Lines) and checking it. Every
//! problem names the field, so a batch can list each bad item exactly.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::{Booking, NewOutput, Source};
use crate::touchpoints::Kind;
pub use crate::validate::LIMITS;

/// One output as sent. Every field is optional here so that a missing one is
/// reported by name, not as a parse error.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// The text the AI produced (required, not blank).
    #[schema(example = "Hi Sam, your table for 4 is booked for Friday at 7pm.")]
    pub output: Option<String>,
    /// The customer message or prompt that led to it.
    pub input: Option<String>,
    /// The source tool's id for this output (up to 200 characters); sending it again is safe.
    pub external_id: Option<String>,
    /// When it was produced (RFC 3339); default: now.
    #[schema(example = "2026-11-26T09:30:00Z")]
    pub produced_at: Option<String>,
    /// The model or version that produced it, if the tool says.
    pub model: Option<String>,
    /// Anything else, as a JSON object (up to 16 KiB).
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Value>,
    /// For scheduling touchpoints: the booking the AI made.
    pub booking: Option<RawBooking>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBooking {
    /// What was booked: a room, a table, a person's calendar.
    pub resource: Option<String>,
    /// RFC 3339.
    pub starts_at: Option<String>,
    /// RFC 3339, after `starts_at`.
    pub ends_at: Option<String>,
    pub customer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field, e.g. `output` or `booking.starts_at`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

/// Reads one JSON value as an output, naming the field of any type error.
pub fn parse_item(value: serde_json::Value) -> Result<RawOutput, FieldError> {
    if !value.is_object() {
        return Err(FieldError::new("(body)", "an output must be a JSON object such as {\"output\": \"...\"}"));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde names unknown fields in its message; the path is the parent.
        let field = if path == "." { unknown_field(&inner).unwrap_or_else(|| "(body)".into()) } else { path };
        FieldError::new(field, inner)
    })
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}

fn text(field: &str, value: Option<String>, max: usize, required: bool) -> Result<Option<String>, FieldError> {
    match value {
        None if required => Err(FieldError::new(field, format!("{field} is required"))),
        None => Ok(None),
        Some(v) if v.trim().is_empty() && required => Err(FieldError::new(field, format!("{field} must not be empty"))),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) if v.chars().count() > max => {
            Err(FieldError::new(field, format!("{field} is longer than {max} characters")))
        }
        Some(v) => Ok(Some(v)),
    }
}

fn time(field: &str, value: &str) -> Result<DateTime<Utc>, FieldError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| FieldError::new(field, format!("{field} must be an RFC 3339 time such as 2026-11-26T09:30:00Z")))
}

impl RawOutput {
    /// Checks every field; `kind` decides whether a booking is allowed.
    pub fn validate(self, kind: Kind, source: Source, now: DateTime<Utc>) -> Result<NewOutput, FieldError> {
        let output = text("output", self.output, LIMITS.text, true)?.unwrap_or_default();
        let input = text("input", self.input, LIMITS.text, false)?;
        let external_id =
            text("external_id", self.external_id, LIMITS.external_id, false)?.map(|s| s.trim().to_string());
        let model = text("model", self.model, LIMITS.model, false)?.map(|s| s.trim().to_string());
        let produced_at = match self.produced_at {
            Some(t) => time("produced_at", &t)?,
            None => now,
        };
        // A clock a little ahead is fine; a day ahead is a mistake worth reporting.
        if produced_at > now + Duration::days(1) {
            return Err(FieldError::new("produced_at", "produced_at is more than a day in the future"));
        }
        let metadata = match self.metadata {
            None | Some(serde_json::Value::Null) => None,
            Some(v @ serde_json::Value::Object(_)) => {
                let s = v.to_string();
                if s.len() > LIMITS.metadata_bytes {
                    return Err(FieldError::new("metadata", "metadata is larger than 16 KiB"));
                }
                Some(s)
            }
            Some(_) => return Err(FieldError::new("metadata", "metadata must be a JSON object")),
        };
        let booking = match self.booking {
            None => None,
            Some(_) if kind != Kind::Scheduling => {
                return Err(FieldError::new("booking", "booking is only accepted by scheduling touchpoints"))
            }
            Some(b) => Some(b.validate()?),
        };
        Ok(NewOutput { output, input, external_id, produced_at, model, metadata, booking, source, submitted_by: None })
    }
}

impl RawBooking {
    fn validate(self) -> Result<Booking, FieldError> {
        let resource = text("booking.resource", self.resource, LIMITS.short, true)?.unwrap_or_default();
        let starts =
            self.starts_at.ok_or_else(|| FieldError::new("booking.starts_at", "booking.starts_at is required"))?;
        let ends = self.ends_at.ok_or_else(|| FieldError::new("booking.ends_at", "booking.ends_at is required"))?;
        let starts_at = time("booking.starts_at", &starts)?;
        let ends_at = time("booking.ends_at", &ends)?;
        if ends_at <= starts_at {
            return Err(FieldError::new("booking.ends_at", "booking.ends_at must be after booking.starts_at"));
        }
        let customer = text("booking.customer", self.customer, LIMITS.short, false)?;
        Ok(Booking { resource: resource.trim().to_string(), starts_at, ends_at, customer })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: serde_json::Value, kind: Kind) -> Result<NewOutput, FieldError> {
        parse_item(v)?.validate(kind, Source::Api, Utc::now())
    }

    fn field_of(v: serde_json::Value, kind: Kind) -> String {
        check(v, kind).unwrap_err().field
    }

    #[test]
    fn a_full_item_is_read() {
        let o = check(
            json!({"output": "Booked", "input": "Table?", "external_id": " ab-1 ", "produced_at": "2026-11-20T09:30:00+01:00",
                   "model": "gpt-x", "metadata": {"a": 1},
                   "booking": {"resource": "Table 4", "starts_at": "2026-11-27T19:00:00Z", "ends_at": "2026-11-27T21:00:00Z"}}),
            Kind::Scheduling,
        )
        .unwrap();
        assert_eq!(o.external_id.as_deref(), Some("ab-1"));
        assert_eq!(o.produced_at.to_rfc3339(), "2026-11-20T08:30:00+00:00");
        assert_eq!(o.booking.unwrap().resource, "Table 4");
        assert_eq!(o.metadata.as_deref(), Some("{\"a\":1}"));
    }

    #[test]
    fn every_problem_names_its_field() {
        assert_eq!(field_of(json!({}), Kind::Email), "output");
        assert_eq!(field_of(json!({"output": "  "}), Kind::Email), "output");
        assert_eq!(field_of(json!({"output": 5}), Kind::Email), "output");
        assert_eq!(field_of(json!({"output": "x", "outptu": "y"}), Kind::Email), "outptu");
        assert_eq!(field_of(json!({"output": "x", "produced_at": "yesterday"}), Kind::Email), "produced_at");
        assert_eq!(field_of(json!({"output": "x", "produced_at": "2999-01-01T00:00:00Z"}), Kind::Email), "produced_at");
        assert_eq!(field_of(json!({"output": "x", "external_id": "e".repeat(201)}), Kind::Email), "external_id");
        assert_eq!(field_of(json!({"output": "x", "metadata": [1]}), Kind::Email), "metadata");
        assert_eq!(field_of(json!({"output": "x", "booking": {}}), Kind::Email), "booking");
        assert_eq!(
            field_of(json!({"output": "x", "booking": {"resource": "A"}}), Kind::Scheduling),
            "booking.starts_at"
        );
        let backwards = json!({"output": "x", "booking": {"resource": "A", "starts_at": "2026-11-27T19:00:00Z", "ends_at": "2026-11-27T18:00:00Z"}});
        assert_eq!(field_of(backwards, Kind::Scheduling), "booking.ends_at");
        assert_eq!(field_of(json!({"output": "x", "booking": {"resource": 1}}), Kind::Scheduling), "booking.resource");
        assert_eq!(field_of(json!([1]), Kind::Email), "(body)");
    }
}
