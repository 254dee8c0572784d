//! The OpenAPI 3.1 document, generated from the handlers and types.

use axum::Json;
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
    paths(outputs::create, outputs::batch, outputs::get, super::weeks::weeks),
    components(schemas(
        domain::outputs::RawOutput, domain::outputs::RawBooking, domain::outputs::Stored, domain::outputs::Status,
        domain::outputs::OutputRecord, domain::gate::GateStatus, domain::gate::State,
        domain::gate::webhooks::WebhookPayload, domain::drift::weeks::WeekRow, super::weeks::WeeksResponse, outputs::BatchRequest, outputs::BatchResponse,
        error::ErrorBody, error::ErrorDetail, error::ItemError,
    )),
    modifiers(&IngestToken),
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
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("The touchpoint's ingest token")).build()),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
