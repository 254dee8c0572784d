//! Control statistics for failure rates: the Wilson score interval, p-chart
//! limits, and the Bernoulli CUSUM of Reynolds & Stoumbos (1999).

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

/// p-chart limits for a week of `n` reviews around the baseline rate
/// `p_bar`: p̄ ± 3·sqrt(p̄(1−p̄)/n), the lower one floored at 0.
pub fn p_chart_limits(p_bar: f64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || !(0.0..=1.0).contains(&p_bar) {
        return None;
    }
    let spread = 3.0 * (p_bar * (1.0 - p_bar) / n as f64).sqrt();
    Some(((p_bar - spread).max(0.0), (p_bar + spread).min(1.0)))
}

/// The CUSUM reference value γ for detecting a shift from p₀ to p₁ (> p₀):
/// γ = ln((1−p₀)/(1−p₁)) / ln(p₁(1−p₀) / (p₀(1−p₁))).
pub fn cusum_reference(p0: f64, p1: f64) -> Option<f64> {
    if !(p0 > 0.0 && p1 > p0 && p1 < 1.0) {
        return None;
    }
    Some(((1.0 - p0) / (1.0 - p1)).ln() / ((p1 * (1.0 - p0)) / (p0 * (1.0 - p1))).ln())
}

/// A Bernoulli CUSUM in integer steps, as Reynolds & Stoumbos run it: with
/// m = round(1/γ), each reviewed output adds m if it failed and 0 otherwise,
/// and every output takes 1 away (never below 0). In the chart's own units
/// Bₖ = Cₖ/m = max(0, Bₖ₋₁ + Xₖ − 1/m), and it signals at Cₖ ≥ H (h = H/m).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cusum {
    /// Steps added by one failure (≈ 1/γ).
    pub m: u32,
    /// Signal threshold, in steps.
    pub threshold: u32,
}

impl Cusum {
    /// The chart for baseline rate `p0` watching for `p1 = 2·p0`, with its
    /// threshold set so that, while the rate stays at p₀, it signals falsely
    /// about once per `in_control_run` reviewed outputs (e.g. a year's
    /// worth). `None` when p₀ is outside (0, 0.5).
    pub fn design(p0: f64, in_control_run: f64) -> Option<Cusum> {
        let gamma = cusum_reference(p0, 2.0 * p0)?;
        // At least 2 steps per failure, or a failure could never raise the chart.
        let m = (1.0 / gamma).round().max(2.0) as u32;
        // The run length grows with the threshold: double, then bisect.
        let arl = |h: u32| average_run_length(p0, m, h);
        let mut high = m.max(1);
        while arl(high) < in_control_run {
            high = high.checked_mul(2).filter(|h| *h <= 1 << 16)?;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let mid = (low + high) / 2;
            if arl(mid) >= in_control_run { high = mid } else { low = mid }
        }
        Some(Cusum { m, threshold: high })
    }

    /// h in the chart's units (failures).
    pub fn h(&self) -> f64 {
        self.threshold as f64 / self.m as f64
    }

    /// One step: returns the new value (in steps).
    pub fn step(&self, c: u32, failed: bool) -> u32 {
        (c + if failed { self.m } else { 0 }).saturating_sub(1)
    }
}

/// The expected number of reviewed outputs until the chart (starting at 0)
/// reaches `h` steps, when each fails with probability `p`: the absorbing
/// Markov chain's expected time, L(c) = 1 + p·L(c+m−1) + (1−p)·L(max(0, c−1)),
/// solved exactly; its matrix is banded, so this is O(h·m).
pub fn average_run_length(p: f64, m: u32, h: u32) -> f64 {
    let (h, m) = (h as usize, m as usize);
    if h == 0 {
        return 1.0;
    }
    // Row r holds columns r−1 ..= r+m−1 at offsets 0 ..= m.
    let width = m + 1;
    let mut a = vec![0.0f64; h * width];
    let mut b = vec![1.0f64; h];
    let at = |r: usize, c: usize| r * width + (c + 1 - r);
    for r in 0..h {
        a[at(r, r)] += 1.0;
        let down = r.saturating_sub(1);
        a[at(r, down)] -= 1.0 - p;
        let up = r + m - 1;
        if up < h {
            a[at(r, up)] -= p;
        }
    }
    // Forward elimination of the single sub-diagonal.
    for r in 1..h {
        let factor = a[at(r, r - 1)] / a[at(r - 1, r - 1)];
        if factor != 0.0 {
            for c in (r - 1)..(r - 1 + m).min(h) {
                a[at(r, c)] -= factor * a[at(r - 1, c)];
            }
            b[r] -= factor * b[r - 1];
        }
    }
    let mut x = vec![0.0f64; h];
    for r in (0..h).rev() {
        let mut s = b[r];
        for c in (r + 1)..(r + m).min(h) {
            s -= a[at(r, c)] * x[c];
        }
        x[r] = s / a[at(r, r)];
    }
    x[0]
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
    fn p_chart_upper_limit_for_five_percent_and_forty_reviews() {
        let (lo, hi) = p_chart_limits(0.05, 40).unwrap();
        assert!(close(hi, 0.1534, 0.0005) && lo == 0.0, "{hi}");
        assert_eq!(p_chart_limits(0.05, 0), None);
        assert_eq!(p_chart_limits(0.0, 40), Some((0.0, 0.0)));
    }

    #[test]
    fn cusum_reference_for_five_to_ten_percent() {
        assert!(close(cusum_reference(0.05, 0.10).unwrap(), 0.0724, 0.0005));
        assert_eq!(cusum_reference(0.05, 0.05), None);
        assert_eq!(cusum_reference(0.0, 0.1), None);
    }

    #[test]
    fn run_lengths_are_exact_for_small_charts() {
        // m = 2, h = 1: a failure takes 0 → 1 and signals: geometric, mean 1/p.
        assert!(close(average_run_length(0.1, 2, 1), 10.0, 1e-9));
        // m = 2, h = 2: two failures in a row are needed (a pass falls back to 0).
        // L0 = 1 + p·L1 + (1−p)·L0, L1 = 1 + (1−p)·L0 → L0 = (1 + p)/p².
        assert!(close(average_run_length(0.5, 2, 2), 6.0, 1e-9));
    }

    #[test]
    fn cusum_threshold_gives_about_a_year_between_false_alarms() {
        // 45 reviews a week: a year is about 2,340 reviewed outputs.
        let chart = Cusum::design(0.05, 2340.0).unwrap();
        assert_eq!(chart.m, 14);
        let in_control = average_run_length(0.05, chart.m, chart.threshold);
        assert!(in_control >= 2340.0 && average_run_length(0.05, chart.m, chart.threshold - 1) < 2340.0);
        // A doubled failure rate is caught far sooner (within a few weeks).
        let shifted = average_run_length(0.10, chart.m, chart.threshold);
        assert!(shifted < in_control / 10.0, "{shifted} vs {in_control}");
        assert!(chart.h() > 1.0 && chart.h() < 10.0, "{}", chart.h());
        assert_eq!(Cusum::design(0.0, 1000.0), None);
    }
}
