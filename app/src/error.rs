//! The error every server function returns. It crosses the wire as JSON, so
//! a form can show a message beside the field it names.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// An input is wrong; `field` is the form field's name.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many attempts; the message says how long to wait.
    #[error("{0}")]
    Throttled(String),
    #[error("Something went wrong on our side. Please try again; if it keeps happening, the server log says why.")]
    Internal,
    /// Transport problems (network down, a malformed request).
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

impl AppError {
    /// The message for `field`, when this error is about that field.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    pub fn is_field_error(&self) -> bool {
        matches!(self, AppError::Invalid { .. })
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Invalid { .. } => S::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => S::CONFLICT,
            AppError::NotFound(_) => S::NOT_FOUND,
            AppError::Forbidden(_) => S::FORBIDDEN,
            AppError::Unauthenticated(_) => S::UNAUTHORIZED,
            AppError::Throttled(_) => S::TOO_MANY_REQUESTS,
            AppError::Internal => S::INTERNAL_SERVER_ERROR,
            AppError::ServerFn(_) => S::BAD_REQUEST,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::DomainError> for AppError {
    fn from(e: domain::DomainError) -> Self {
        use domain::DomainError as D;
        let err = match e {
            D::Invalid { field, message } => AppError::Invalid { field: field.to_string(), message },
            D::Conflict(m) => AppError::Conflict(m),
            D::NotFound(m) => AppError::NotFound(format!("{m} was not found.")),
            D::Forbidden(m) => AppError::Forbidden(m),
            D::Unauthenticated(m) => AppError::Unauthenticated(m),
            D::Throttled(m) => AppError::Throttled(m),
            D::Unexpected(e) => {
                tracing::error!(error = ?e, "server function failed");
                AppError::Internal
            }
        };
        crate::ssr::set_status(err.status());
        err
    }
}
