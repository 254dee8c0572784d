//! Double-bookings: a booking that overlaps another live booking of the same
//! resource on the same touchpoint. Checked by the ingest writer as each
//! booking is stored; both outputs go into the review queue with the reason
//! "conflict" (outside the random sample), and one alert is raised per pair.

use sqlx::SqliteConnection;

use model::outputs::Booking;

use crate::{alerts, calendar::Week, Result};

/// The ids of the live bookings that `output_id`'s booking overlaps.
pub(crate) async fn check(conn: &mut SqliteConnection, tp: i64, output_id: i64, booking: &Booking) -> Result<Vec<i64>> {
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM outputs
         WHERE touchpoint_id = ? AND booking_resource = ? AND booking_starts_at < ? AND booking_ends_at > ?
           AND id != ? AND status != 'rejected'
         ORDER BY id LIMIT 20",
    )
    .bind(tp)
    .bind(&booking.resource)
    .bind(booking.ends_at)
    .bind(booking.starts_at)
    .bind(output_id)
    .fetch_all(&mut *conn)
    .await?;
    for other in &others {
        for (id, with) in [(output_id, *other), (*other, output_id)] {
            queue(conn, tp, id, &format!("conflict: overlaps booking #{with}")).await?;
        }
        let (a, b) = (output_id.min(*other), output_id.max(*other));
        let alert = alerts::NewAlert::new(
            tp,
            alerts::Kind::Conflict,
            format!("conflict:{a}:{b}"),
            format!("Double booking: outputs #{a} and #{b} both book {} at overlapping times", booking.resource),
            serde_json::json!({"outputs": [a, b], "resource": booking.resource, "starts_at": booking.starts_at, "ends_at": booking.ends_at}),
        );
        alerts::raise(conn, alert).await?;
    }
    Ok(others)
}

/// Puts an output in the review queue under its own week, outside the
/// random sample (a double booking is not a random pick, so it stays out of
/// the statistics), or adds the reason if it is already queued.
async fn queue(conn: &mut SqliteConnection, tp: i64, output_id: i64, reason: &str) -> Result<()> {
    let at: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT produced_at FROM outputs WHERE id = ?")
        .bind(output_id)
        .fetch_one(&mut *conn)
        .await?;
    let week = Week::containing(at, crate::business::calendar_on(conn).await?).to_string();
    sqlx::query(
        "INSERT INTO review_items (output_id, touchpoint_id, week, reason, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (output_id) DO UPDATE SET reason = reason || '; ' || excluded.reason
         WHERE instr(review_items.reason, excluded.reason) = 0",
    )
    .bind(output_id)
    .bind(tp)
    .bind(week)
    .bind(reason)
    .bind(chrono::Utc::now())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE outputs SET status = 'sampled' WHERE id = ? AND status = 'received'")
        .bind(output_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
