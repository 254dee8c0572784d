//! When a failed delivery (an email, a webhook) is tried again: the same
//! back-off for both senders.

use chrono::{DateTime, Duration, Utc};

/// When the next attempt is due, or None once the delivery should be given
/// up: 10 s × 2^(attempts−1) by default, at most an hour apart.
pub fn next_attempt(
    now: DateTime<Utc>,
    attempts: i64,
    first_retry: Duration,
    give_up_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let doubled = first_retry * 2i32.saturating_pow((attempts - 1).clamp(0, 20) as u32);
    let next = now + doubled.min(Duration::hours(1));
    (next <= give_up_at).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop_after_a_day() {
        let t0 = Utc::now();
        let give_up = t0 + Duration::hours(24);
        let first = Duration::seconds(10);
        assert_eq!(next_attempt(t0, 1, first, give_up), Some(t0 + Duration::seconds(10)));
        assert_eq!(next_attempt(t0, 3, first, give_up), Some(t0 + Duration::seconds(40)));
        assert_eq!(next_attempt(t0, 15, first, give_up), Some(t0 + Duration::hours(1)), "capped at an hour");
        assert_eq!(next_attempt(give_up - Duration::minutes(1), 15, first, give_up), None);
    }
}
