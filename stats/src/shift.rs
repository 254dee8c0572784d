//! Tests for a change in what a tool produces (shape) and how much (volume),
//! against a baseline. Both large-sample z-tests, with a high bar (|z| ≥ 4)
//! because they run every week on several measures, plus a minimum size of
//! change so that huge volumes do not flag trivial differences.

/// The bar for a "significant" change: |z| ≥ 4 is p < 0.0001 two-sided.
pub const Z_BAR: f64 = 4.0;

/// Two-proportion z statistic (pooled) for x₂/n₂ against x₁/n₁.
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    (se > 0.0).then(|| (p2 - p1) / se)
}

/// Welch's z statistic for mean₂ against mean₁ (samples large enough for the
/// normal approximation).
pub fn welch_z(mean1: f64, var1: f64, n1: u64, mean2: f64, var2: f64, n2: u64) -> Option<f64> {
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let se = (var1 / n1 as f64 + var2 / n2 as f64).sqrt();
    (se > 0.0).then(|| (mean2 - mean1) / se)
}

/// Mean and (sample) variance from a count, a sum and a sum of squares.
pub fn mean_var(n: u64, sum: f64, sum_sq: f64) -> Option<(f64, f64)> {
    if n < 2 {
        return None;
    }
    let n = n as f64;
    let mean = sum / n;
    Some((mean, ((sum_sq - n * mean * mean) / (n - 1.0)).max(0.0)))
}

/// A share that changed significantly and by at least `min_points`
/// percentage points.
pub fn share_shifted(x1: u64, n1: u64, x2: u64, n2: u64, min_points: f64) -> Option<f64> {
    let z = two_proportion_z(x1, n1, x2, n2)?;
    let diff = 100.0 * (x2 as f64 / n2 as f64 - x1 as f64 / n1 as f64);
    (z.abs() >= Z_BAR && diff.abs() >= min_points).then_some(z)
}

/// How a day's volume compares with the days before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Volume {
    Usual,
    /// Far fewer than usual: the tool may have stopped.
    Low {
        usual: f64,
    },
    /// Far more than usual: the tool may be looping.
    High {
        usual: f64,
    },
}

/// A day with `count` outputs against `history` (daily counts; at least 14
/// days with a mean of at least 20, else nothing is judged). The usual range
/// is the history's 10th to 90th percentile, so quiet weekends stay usual.
/// Unusual: under a quarter of the 10th percentile, or over four times the
/// 90th, and in either case at least 4·√(that percentile) away (well beyond
/// Poisson noise).
pub fn volume(count: u64, history: &[u64]) -> Volume {
    if history.len() < 14 {
        return Volume::Usual;
    }
    let mean = history.iter().sum::<u64>() as f64 / history.len() as f64;
    if mean < 20.0 {
        return Volume::Usual;
    }
    let mut sorted = history.to_vec();
    sorted.sort_unstable();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize] as f64;
    let (low, high, x) = (at(0.1), at(0.9), count as f64);
    if x < low / 4.0 && low - x >= Z_BAR * low.sqrt() {
        Volume::Low { usual: mean }
    } else if x > high * 4.0 && x - high >= Z_BAR * high.sqrt() {
        Volume::High { usual: mean }
    } else {
        Volume::Usual
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_proportion_z_matches_a_hand_computation() {
        // 30/100 vs 50/100: pooled 0.4, se = sqrt(0.24 · 0.02) = 0.069282.
        let z = two_proportion_z(30, 100, 50, 100).unwrap();
        assert!((z - 2.886_751).abs() < 1e-5, "{z}");
        assert_eq!(two_proportion_z(0, 0, 1, 10), None);
        assert_eq!(two_proportion_z(0, 10, 0, 10), None, "no variation, no test");
    }

    #[test]
    fn welch_and_moments() {
        assert_eq!(welch_z(100.0, 400.0, 50, 120.0, 400.0, 50), Some(5.0));
        let (mean, var) = mean_var(4, 10.0, 30.0).unwrap(); // 1,2,3,4
        assert!((mean - 2.5).abs() < 1e-12 && (var - 5.0 / 3.0).abs() < 1e-12);
        assert_eq!(mean_var(1, 3.0, 9.0), None);
    }

    #[test]
    fn shares_need_a_big_and_significant_change() {
        // Links in 10% of 5,000 outputs, then 30% of 1,000: flagged.
        assert!(share_shifted(500, 5000, 300, 1000, 5.0).is_some());
        // Huge volumes: 10.0% → 10.6% is "significant" but too small to matter.
        assert!(share_shifted(100_000, 1_000_000, 10_600, 100_000, 5.0).is_none());
        // Small noisy weeks: 1 of 20 → 3 of 20 is not significant.
        assert!(share_shifted(1, 20, 3, 20, 5.0).is_none());
    }

    #[test]
    fn volume_flags_a_stopped_or_looping_tool_but_not_noise() {
        let noisy: Vec<u64> = (0..28).map(|d| if d % 7 >= 5 { 40 } else { 100 + (d * 13 % 30) }).collect();
        assert_eq!(volume(95, &noisy), Volume::Usual);
        assert_eq!(volume(45, &noisy), Volume::Usual, "a quiet day like a weekend");
        assert!(matches!(volume(2, &noisy), Volume::Low { .. }));
        assert!(matches!(volume(2_000, &noisy), Volume::High { .. }));
        assert_eq!(volume(0, &noisy[..10]), Volume::Usual, "too little history");
        assert_eq!(volume(0, &[5; 28]), Volume::Usual, "too little volume to judge");
    }
}
