//! Who gets which email.

use sqlx::SqliteConnection;

use crate::Result;

/// (id, email) of active people with one of `roles`.
async fn with_roles(conn: &mut SqliteConnection, roles: &[&str]) -> Result<Vec<(i64, String)>> {
    let all: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, role FROM users WHERE active = 1 ORDER BY id").fetch_all(conn).await?;
    Ok(all.into_iter().filter(|(_, _, r)| roles.contains(&r.as_str())).map(|(id, email, _)| (id, email)).collect())
}

pub async fn owners(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>> {
    with_roles(conn, &["owner"]).await
}

/// Every active person (anyone may give a first approval).
pub async fn everyone(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>> {
    with_roles(conn, &["reviewer", "senior", "owner"]).await
}

pub async fn seniors_and_owners(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>> {
    with_roles(conn, &["senior", "owner"]).await
}

/// The people who do the weekly spot check: reviewers and seniors, or the
/// owners when the team has nobody else.
pub async fn spot_checkers(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>> {
    let people = with_roles(conn, &["reviewer", "senior"]).await?;
    if people.is_empty() {
        owners(conn).await
    } else {
        Ok(people)
    }
}
