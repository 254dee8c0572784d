//! The one error type the domain returns. Edges map each variant to their own
//! answer (an HTTP status, a form message, an exit code).

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The caller's input is wrong; `field` names the input to fix.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// The request clashes with what is stored (a duplicate, a wrong state).
    #[error("{0}")]
    Conflict(String),
    #[error("{0} was not found")]
    NotFound(String),
    /// Logged in, but this role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Not logged in, or the credentials are wrong.
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many failed attempts: wait before trying again.
    #[error("{0}")]
    Throttled(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        DomainError::Invalid { field, message: message.into() }
    }
}

impl From<model::Invalid> for DomainError {
    fn from(e: model::Invalid) -> Self {
        DomainError::Invalid { field: e.field, message: e.message }
    }
}

impl From<sqlx::Error> for DomainError {
    fn from(e: sqlx::Error) -> Self {
        DomainError::Unexpected(anyhow::Error::new(e).context("database query failed"))
    }
}

pub type Result<T, E = DomainError> = std::result::Result<T, E>;
