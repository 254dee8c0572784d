//! What every fuzz target checks of an output it managed to parse: the same
//! promises the API makes to the code that stores it. A target that only
//! called the parser would find panics and nothing else; these asserts also
//! catch a parser that accepts what it should have refused.

use chrono::{DateTime, Duration, Utc};
use domain::{
    outputs::{NewOutput, Source, LIMITS},
    touchpoints::Kind,
};

/// The kinds worth telling apart: only scheduling touchpoints take bookings.
pub const KINDS: [Kind; 2] = [Kind::Email, Kind::Scheduling];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// An optional short field as validation leaves it: absent, or trimmed,
/// not blank and within its limit.
fn check_trimmed(field: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value {
        assert!(!v.is_empty() && v.trim() == v, "{field} kept blank or untrimmed: {v:?}");
        assert!(chars(v) <= max, "{field} is over {max} characters");
    }
}

/// An output that came through `RawOutput::validate` (the API or a file).
pub fn check_validated(o: &NewOutput, kind: Kind, source: Source, now: DateTime<Utc>) {
    assert_eq!(o.source, source);
    assert!(!o.output.trim().is_empty(), "a blank output was accepted");
    assert!(chars(&o.output) <= LIMITS.text);
    if let Some(input) = &o.input {
        assert!(!input.trim().is_empty() && chars(input) <= LIMITS.text, "input kept blank or too long");
    }
    check_trimmed("external_id", &o.external_id, LIMITS.external_id);
    check_trimmed("model", &o.model, LIMITS.model);
    assert!(o.produced_at <= now + Duration::days(1), "produced_at more than a day ahead was accepted");
    if let Some(meta) = &o.metadata {
        assert!(meta.len() <= LIMITS.metadata_bytes, "metadata over the limit was accepted");
        let value: serde_json::Value = serde_json::from_str(meta).expect("stored metadata is JSON");
        assert!(value.is_object(), "metadata that is not an object was accepted");
    }
    assert!(o.submitted_by.is_none());
    if let Some(b) = &o.booking {
        assert_eq!(kind, Kind::Scheduling, "a booking was accepted by a {kind} touchpoint");
        assert!(!b.resource.is_empty() && b.resource.trim() == b.resource && chars(&b.resource) <= LIMITS.short);
        assert!(b.ends_at > b.starts_at, "a booking that ends before it starts was accepted");
        if let Some(c) = &b.customer {
            assert!(!c.trim().is_empty() && chars(c) <= LIMITS.short);
        }
    }
}

/// An event read from an `.ics` file (which skips `validate`).
pub fn check_calendar(o: &NewOutput, read_at: DateTime<Utc>) {
    assert_eq!(o.source, Source::Calendar);
    assert!(!o.output.is_empty(), "an event became an empty output");
    assert!(o.produced_at <= read_at, "an event was dated in the future");
    if let Some(id) = &o.external_id {
        assert!(chars(id) <= LIMITS.external_id, "a UID over the limit was kept");
    }
    let b = o.booking.as_ref().expect("every event is a booking");
    assert!(b.ends_at > b.starts_at, "an event that ends before it starts was accepted");
    assert!(!b.resource.trim().is_empty() && chars(&b.resource) <= LIMITS.short, "bad resource {:?}", b.resource);
}

/// The output as a client would send it again: it must be accepted and read
/// back as the same output (metadata only as present: floats may not
/// survive a second trip through serde_json's parser bit for bit).
pub fn resend(o: &NewOutput) -> serde_json::Value {
    let mut v = serde_json::json!({
        "output": o.output,
        "input": o.input,
        "external_id": o.external_id,
        "produced_at": o.produced_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "model": o.model,
    });
    if let Some(meta) = &o.metadata {
        v["metadata"] = serde_json::from_str(meta).expect("stored metadata is JSON");
    }
    if let Some(b) = &o.booking {
        v["booking"] = serde_json::json!({
            "resource": b.resource,
            "starts_at": b.starts_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            "ends_at": b.ends_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            "customer": b.customer,
        });
    }
    v
}

/// Two outputs equal but for their metadata's exact text.
pub fn assert_same(a: &NewOutput, b: &NewOutput) {
    assert_eq!(a.metadata.is_some(), b.metadata.is_some());
    let strip = |o: &NewOutput| NewOutput { metadata: None, ..o.clone() };
    assert_eq!(strip(a), strip(b), "an accepted output reads back differently when sent again");
}
