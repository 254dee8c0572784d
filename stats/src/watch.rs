//! The quality watch: one chart, one false-alarm budget, for a touchpoint's
//! weekly random-sample reviews.
//!
//! A binomial CUSUM on the weekly counts (the same as a Bernoulli CUSUM over
//! the single reviews, so weeks of different sizes mix correctly) watching
//! for the failure rate rising to 2.5 times its baseline:
//!
//! - the baseline p₀ is the failure share of the first 8 reviewed weeks
//!   plus every later week at least 8 weeks old (a longer baseline is a
//!   steadier one, and a new shift only enters it after 8 weeks), floored at
//!   1.5% so a lucky clean start does not make every failure an alarm;
//! - each week Sₜ = max(0, Sₜ₋₁ + xₜ·ln(p₁/p₀) − (nₜ − xₜ)·ln((1−p₀)/(1−p₁)));
//! - it signals when Sₜ > h = 3.25 and restarts from 0 (the baseline kept);
//! - while Sₜ > 0 the week looks suspicious and the next week's sample is
//!   doubled: more checks exactly when they are worth most.
//!
//! Tuned by simulation against the plain rule "4 or more failures of 45";
//! `cargo xtask bench detection` measures it through the real app.

/// Reviewed weeks that set the first baseline.
pub const BASELINE_WEEKS: usize = 8;
/// A monitored week joins the baseline once it is this many weeks old.
pub const BASELINE_DELAY: usize = 8;
/// The least baseline failure rate the chart assumes.
pub const BASELINE_FLOOR: f64 = 0.015;
/// The shift the chart is tuned to catch: p₁ = 2.5·p₀.
pub const SHIFT_RATIO: f64 = 2.5;
/// The signal threshold h, in log-likelihood units.
pub const THRESHOLD: f64 = 3.25;

/// The chart after one reviewed week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Index of the week in the input.
    pub week: usize,
    /// The baseline rate the week was judged against.
    pub p0: f64,
    /// The chart's value at the end of the week (0 after a signal).
    pub value: f64,
    /// The chart crossed its threshold this week.
    pub signal: bool,
}

impl Step {
    /// The week looked suspicious: the next week's sample is doubled.
    pub fn suspicious(&self) -> bool {
        self.value > 0.0 && !self.signal
    }
}

/// Runs the chart over weekly (reviewed, failures), oldest first. Weeks with
/// no reviews are skipped; the first `BASELINE_WEEKS` reviewed weeks only
/// set the baseline. Returns one step per monitored week.
pub fn run(weeks: &[(u64, u64)]) -> Vec<Step> {
    let reviewed: Vec<(usize, u64, u64)> =
        weeks.iter().enumerate().filter(|(_, w)| w.0 > 0).map(|(i, w)| (i, w.0, w.1.min(w.0))).collect();
    let mut steps = Vec::new();
    let mut value = 0.0f64;
    for t in BASELINE_WEEKS..reviewed.len() {
        let upto = BASELINE_WEEKS.max(t.saturating_sub(BASELINE_DELAY));
        let (n0, x0) = reviewed[..upto].iter().fold((0u64, 0u64), |(n, x), w| (n + w.1, x + w.2));
        let p0 = (x0 as f64 / n0 as f64).max(BASELINE_FLOOR);
        let p1 = (SHIFT_RATIO * p0).min(0.99);
        let (up, down) = ((p1 / p0).ln(), ((1.0 - p0) / (1.0 - p1)).ln());
        let (i, n, x) = reviewed[t];
        value = (value + x as f64 * up - (n - x) as f64 * down).max(0.0);
        let signal = value > THRESHOLD;
        if signal {
            value = 0.0;
        }
        steps.push(Step { week: i, p0, value, signal });
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_two_percent_stays_quiet_and_a_jump_signals() {
        // 8 baseline weeks at 1 failure of 45, then 10 steady weeks.
        let mut weeks = vec![(45, 1); 18];
        assert!(run(&weeks).iter().all(|s| !s.signal));
        let steps = run(&weeks);
        assert_eq!(steps.len(), 10);
        assert!((steps[0].p0 - 8.0 / 360.0).abs() < 1e-12);
        // 6 of 45 (13%): one week is enough.
        weeks.push((45, 6));
        let last = *run(&weeks).last().unwrap();
        assert!(last.signal && last.value == 0.0, "{last:?}");
    }

    #[test]
    fn a_suspicious_week_asks_for_more_checks_and_empty_weeks_are_skipped() {
        let mut weeks = vec![(45, 1); 8];
        weeks.push((0, 0));
        weeks.push((45, 3));
        let steps = run(&weeks);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].week, 9, "the empty week is skipped, indexes stay the input's");
        assert!(steps[0].suspicious() && !steps[0].signal, "{:?}", steps[0]);
        // Nothing is judged during the baseline.
        assert!(run(&weeks[..8]).is_empty());
    }

    #[test]
    fn the_baseline_is_floored_and_grows_with_old_weeks() {
        let steps = run(&[(45, 0); 30]);
        assert!(steps.iter().all(|s| s.p0 == BASELINE_FLOOR));
        let mut weeks = vec![(45, 1); 8];
        weeks.extend(vec![(45, 4); 12]);
        let steps = run(&weeks);
        // Week 16 (index 16) is judged against weeks 0..8; week 17 also takes in week 8.
        assert!((steps[8].p0 - 8.0 / 360.0).abs() < 1e-12, "{:?}", steps[8]);
        assert!((steps[9].p0 - 12.0 / 405.0).abs() < 1e-12, "{:?}", steps[9]);
    }
}
