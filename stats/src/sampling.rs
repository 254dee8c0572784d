//! How many outputs a weekly spot check needs.

/// The smallest n such that, if at least a share `p` of outputs is bad, a
/// random sample of n contains at least one bad output with probability `c`:
/// n = ceil(ln(1 − c) / ln(1 − p)). `None` when p or c is outside (0, 1).
pub fn sample_size(p: f64, c: f64) -> Option<u32> {
    if !(p > 0.0 && p < 1.0 && c > 0.0 && c < 1.0) {
        return None;
    }
    let n = ((1.0 - c).ln() / (1.0 - p).ln()).ceil();
    // Guard against 44.000000001 style rounding noise before the ceiling.
    let below = n - 1.0;
    let n = if below >= 1.0 && (1.0 - (1.0 - p).powf(below)) >= c - 1e-12 { below } else { n };
    Some(n.max(1.0) as u32)
}

/// The plan's sample size for a week with `outputs` outputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plan {
    /// Catch a failure rate `p` with confidence `c`.
    Statistical {
        p: f64,
        c: f64,
    },
    Fixed(u32),
    /// A share of the week's outputs, in percent.
    Percent(f64),
}

impl Plan {
    /// The planned size before it is capped by the week's outputs (for a
    /// percentage plan, of a week with `outputs` outputs).
    pub fn planned(&self, outputs: u64) -> u64 {
        match *self {
            Plan::Statistical { p, c } => sample_size(p, c).unwrap_or(1) as u64,
            Plan::Fixed(n) => n as u64,
            Plan::Percent(pct) => ((outputs as f64) * pct / 100.0).ceil() as u64,
        }
    }

    /// Never more than the week's outputs.
    pub fn for_week(&self, outputs: u64) -> u64 {
        self.planned(outputs).min(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_sizes_match_the_table() {
        assert_eq!(sample_size(0.05, 0.90), Some(45));
        assert_eq!(sample_size(0.05, 0.95), Some(59));
        assert_eq!(sample_size(0.01, 0.95), Some(299));
        assert_eq!(sample_size(0.10, 0.90), Some(22));
        assert_eq!(sample_size(0.5, 0.5), Some(1));
    }

    #[test]
    fn out_of_range_inputs_have_no_size() {
        for (p, c) in [(0.0, 0.9), (1.0, 0.9), (0.05, 0.0), (0.05, 1.0), (-0.1, 0.5), (f64::NAN, 0.5)] {
            assert_eq!(sample_size(p, c), None, "p={p} c={c}");
        }
    }

    #[test]
    fn plans_never_exceed_the_week() {
        assert_eq!(Plan::Statistical { p: 0.05, c: 0.9 }.for_week(1000), 45);
        assert_eq!(Plan::Statistical { p: 0.05, c: 0.9 }.for_week(30), 30);
        assert_eq!(Plan::Fixed(20).for_week(7), 7);
        assert_eq!(Plan::Percent(10.0).for_week(1001), 101);
        assert_eq!(Plan::Percent(10.0).for_week(0), 0);
    }
}
