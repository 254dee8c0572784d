//! Statistics for failure rates: the Wilson score interval, binomial tails
//! and acceptance numbers, and p-chart limits. The quality chart itself is
//! in `watch`.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `failures` out of `n` at normal quantile
/// `z`; `None` when n = 0 (nothing reviewed, nothing known).
pub fn wilson(failures: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, failures.min(n) as f64 / n as f64);
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// P(X ≤ k) for X ~ Binomial(n, p), summed term by term in logs (exact
/// enough for the weekly sample sizes here, n up to a few thousand).
pub fn binomial_cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
    // ln C(n, i) built up incrementally from ln C(n, 0) = 0.
    let mut ln_choose = 0.0f64;
    let mut total = 0.0f64;
    for i in 0..=k {
        if i > 0 {
            ln_choose += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        total += (ln_choose + i as f64 * ln_p + (n - i) as f64 * ln_q).exp();
    }
    total.min(1.0)
}

/// The acceptance number of a single sampling plan: the smallest c with
/// P(Binomial(n, p) ≤ c) ≥ `confidence`, so a tool running exactly at rate
/// p has its week accepted at least that often.
pub fn acceptance_number(n: u64, p: f64, confidence: f64) -> u64 {
    (0..n).find(|c| binomial_cdf(*c, n, p) >= confidence).unwrap_or(n)
}

/// p-chart limits for a week of `n` reviews around the baseline rate
/// `p_bar`: p̄ ± 3·sqrt(p̄(1−p̄)/n), the lower one floored at 0.
pub fn p_chart_limits(p_bar: f64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || !(0.0..=1.0).contains(&p_bar) {
        return None;
    }
    let spread = 3.0 * (p_bar * (1.0 - p_bar) / n as f64).sqrt();
    Some(((p_bar - spread).max(0.0), (p_bar + spread).min(1.0)))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn wilson_matches_published_values() {
        let (lo, hi) = wilson(2, 40, Z95).unwrap();
        assert!(close(lo, 0.0138, 0.0005) && close(hi, 0.1650, 0.0005), "{lo} {hi}");
        // Edge cases: nothing reviewed, no failures, all failures.
        assert_eq!(wilson(0, 0, Z95), None);
        let (lo, hi) = wilson(0, 45, Z95).unwrap();
        assert!(lo == 0.0 && close(hi, 0.0787, 0.0005), "{hi}");
        let (lo, hi) = wilson(10, 10, Z95).unwrap();
        assert!(close(lo, 0.7225, 0.0005) && close(hi, 1.0, 1e-9), "{lo} {hi}");
    }

    #[test]
    fn binomial_tail_and_acceptance_numbers() {
        // Bin(45, 0.05): P(X ≤ 4) = 0.9270, P(X ≤ 5) = 0.9761 (exact sums).
        assert!(close(binomial_cdf(4, 45, 0.05), 0.9270, 0.0005), "{}", binomial_cdf(4, 45, 0.05));
        assert!(close(binomial_cdf(5, 45, 0.05), 0.9761, 0.0005));
        assert!(close(binomial_cdf(0, 10, 0.5), 1.0 / 1024.0, 1e-9));
        assert_eq!(binomial_cdf(10, 10, 0.5), 1.0);
        assert_eq!(acceptance_number(45, 0.05, 0.95), 5);
        assert_eq!(acceptance_number(90, 0.05, 0.95), 8);
        assert_eq!(acceptance_number(59, 0.05, 0.95), 6);
        assert_eq!(acceptance_number(10, 0.05, 0.95), 2);
    }

    #[test]
    fn p_chart_upper_limit_for_five_percent_and_forty_reviews() {
        let (lo, hi) = p_chart_limits(0.05, 40).unwrap();
        assert!(close(hi, 0.1534, 0.0005) && lo == 0.0, "{hi}");
        assert_eq!(p_chart_limits(0.05, 0), None);
        assert_eq!(p_chart_limits(0.0, 40), Some((0.0, 0.0)));
    }
}
