//! Every API error answers JSON `{"error": {"code", "message", ...}}` with the
//! right status. Unexpected failures are logged and answered without detail.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::outputs::FieldError;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadJson(String),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("send the body as JSON with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("{}", .0.message)]
    Invalid(FieldError),
    #[error("{} of the items are invalid; nothing was stored", .0.len())]
    InvalidItems(Vec<ItemError>),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// One bad item of a batch.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemError {
    /// The item's position in `outputs`, from 0.
    pub index: usize,
    pub field: String,
    pub message: String,
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code: malformed_json, unauthorized, not_found, method_not_allowed,
    /// body_too_large, unsupported_media_type, invalid_field, invalid_items, internal.
    pub code: String,
    /// What is wrong, in words.
    pub message: String,
    /// For invalid_field: the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For invalid_items: every bad item of a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemError>>,
}

impl From<domain::DomainError> for ApiError {
    fn from(e: domain::DomainError) -> Self {
        match e {
            domain::DomainError::Invalid { field, message } => ApiError::Invalid(FieldError::new(field, message)),
            domain::DomainError::NotFound(what) => ApiError::NotFound(format!("{what} was not found")),
            other => ApiError::Unexpected(anyhow::Error::new(other)),
        }
    }
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            ApiError::InvalidItems(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_items"),
            ApiError::Unexpected(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            ApiError::Unexpected(e) => {
                tracing::error!(error = ?e, "API request failed");
                "something went wrong on the server; the request can be retried".to_string()
            }
            other => other.to_string(),
        };
        let (field, items) = match self {
            ApiError::Invalid(f) => (Some(f.field), None),
            ApiError::InvalidItems(items) => (None, Some(items)),
            _ => (None, None),
        };
        let body = ErrorBody { error: ErrorDetail { code: code.to_string(), message, field, items } };
        let mut resp = (status, Json(json!(body))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        resp
    }
}
