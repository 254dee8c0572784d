//! The OpenAPI 3.1 document, generated from the handlers and types.

use axum::Json;
use domain::outputs::LIMITS;
use serde_json::{json, Value};
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

use super::{error, outputs};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Second Look API",
        version = "1",
        description = "Send your AI tools' outputs to Second Look for a person's review. \
            Authenticate with the touchpoint's ingest token: `Authorization: Bearer <token>`.\n\n\
            **Held outputs.** On a gated touchpoint an output arrives as `pending` and waits for people to \
            approve it (on a high-stakes touchpoint: a first approval, then a different senior or owner). \
            Learn the decision by polling `GET /api/v1/outputs/{id}` (its `approval` object) or through a webhook.\n\n\
            **Webhooks.** When a touchpoint has a callback URL, each final decision is POSTed to it as JSON \
            (schema `WebhookPayload`) with the headers `X-SecondLook-Signature: sha256=<hex>` \
            (HMAC-SHA256 of the raw body under the touchpoint's webhook secret) and `X-SecondLook-Timestamp` \
            (Unix seconds, equal to the body's `timestamp`). Verify the signature over the exact bytes received, \
            refuse timestamps older than 5 minutes, and ignore a `delivery_id` you have seen. Any 2xx answer ends \
            the delivery; anything else (or no answer within 5 seconds) is retried with exponential backoff \
            for 24 hours."
    ),
    paths(outputs::create, outputs::batch, outputs::get, super::messages::create, super::check::check, super::weeks::weeks),
    components(schemas(
        domain::outputs::RawOutput, domain::outputs::RawBooking, domain::outputs::Stored, domain::outputs::Status,
        domain::outputs::OutputRecord, domain::gate::GateStatus, domain::gate::State,
        domain::gate::webhooks::WebhookPayload, domain::drift::weeks::WeekRow, super::weeks::WeeksResponse, outputs::BatchRequest, outputs::BatchResponse,
        error::ErrorBody, error::ErrorDetail, error::ItemError, super::check::CheckResult, domain::facts::Finding,
        domain::facts::Check,
    )),
    modifiers(&IngestToken, &Validation),
    tags(
        (name = "outputs", description = "Outputs produced by an AI tool"),
        (name = "touchpoint", description = "The touchpoint's own numbers")
    )
)]
pub struct ApiDoc;

struct IngestToken;

impl Modify for IngestToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "ingest_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The touchpoint's ingest token"))
                    .build(),
            ),
        );
    }
}

/// What `RawOutput::validate` enforces, stated in the document. The domain
/// types keep every field optional only so that a missing one is reported by
/// name; left like that, the document promised that `{}` or a booking
/// without times is accepted (schemathesis: "schema-valid request
/// rejected"). Not expressible here: a blank-looking string whose only
/// non-space characters are ones JSON Schema counts as spaces, metadata over
/// 16 KiB, and `produced_at` more than a day ahead.
struct Validation;

fn raw_output_rules() -> Value {
    json!({
        "required": ["output"],
        "properties": {
            "output": { "type": "string", "minLength": 1, "maxLength": LIMITS.text, "pattern": "\\S" },
            "input": { "maxLength": LIMITS.text },
            "external_id": { "maxLength": LIMITS.external_id },
            "model": { "maxLength": LIMITS.model },
            "produced_at": { "format": "date-time" },
        }
    })
}

fn raw_booking_rules() -> Value {
    let time = json!({ "type": "string", "format": "date-time" });
    json!({
        "required": ["resource", "starts_at", "ends_at"],
        "properties": {
            "resource": { "type": "string", "minLength": 1, "maxLength": LIMITS.short, "pattern": "\\S" },
            "starts_at": time,
            "ends_at": time,
            "customer": { "maxLength": LIMITS.short },
        }
    })
}

/// Adds `rules` into `target`, object by object.
fn merge(target: &mut Value, rules: Value) {
    match (target, rules) {
        (Value::Object(t), Value::Object(r)) => {
            r.into_iter().for_each(|(k, v)| merge(t.entry(k).or_insert(Value::Null), v))
        }
        (t, r) => *t = r,
    }
}

impl Modify for Validation {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else { return };
        for (name, rules) in [("RawOutput", raw_output_rules()), ("RawBooking", raw_booking_rules())] {
            let Some(schema) = components.schemas.get_mut(name) else { continue };
            let mut value = serde_json::to_value(&*schema).expect("a schema is JSON");
            merge(&mut value, rules);
            *schema = serde_json::from_value(value).expect("the rules keep it a schema");
        }
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_states_what_validation_requires() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["RawOutput"]["required"], json!(["output"]));
        assert_eq!(schemas["RawOutput"]["properties"]["output"]["type"], "string");
        assert_eq!(schemas["RawOutput"]["properties"]["external_id"]["maxLength"], 200);
        assert_eq!(schemas["RawOutput"]["properties"]["produced_at"]["format"], "date-time");
        // What the derive wrote stays: descriptions, nullability of the rest.
        assert!(schemas["RawOutput"]["properties"]["input"]["description"].is_string());
        assert_eq!(schemas["RawOutput"]["properties"]["model"]["type"], json!(["string", "null"]));
        assert_eq!(schemas["RawBooking"]["required"], json!(["resource", "starts_at", "ends_at"]));
    }
}
