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
           AND id != ? AND status != 'rejected' AND booking_cancelled_at IS NULL
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
            let at: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT produced_at FROM outputs WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            let week = Week::containing(at, crate::business::calendar_on(conn).await?).to_string();
            crate::reviews::flag(conn, tp, id, &week, &format!("conflict: overlaps booking #{with}")).await?;
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
