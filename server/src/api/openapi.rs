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
            Authenticate with the touchpoint's ingest token: `Authorization: Bearer <token>`."
    ),
    paths(outputs::create, outputs::batch, outputs::get),
    components(schemas(
        domain::outputs::RawOutput, domain::outputs::RawBooking, domain::outputs::Stored, domain::outputs::Status,
        domain::outputs::OutputRecord, outputs::BatchRequest, outputs::BatchResponse,
        error::ErrorBody, error::ErrorDetail, error::ItemError,
    )),
    modifiers(&IngestToken),
    tags((name = "outputs", description = "Outputs produced by an AI tool"))
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
