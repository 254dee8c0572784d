//! Choices for the shared enumerations and the
//! sampling plan in a sentence. Used on the server and in the browser alike.

/// (value, label) pairs of every variant of a shared enumeration, for a `<select>`.
pub fn choices<T: Copy + std::fmt::Display>(all: &[T], label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|v| (v.to_string(), label(*v).to_string())).collect()
}

fn number(text: &str) -> Option<f64> {
    text.trim().trim_end_matches('%').trim().replace(',', ".").parse().ok()
}

/// What a sampling plan means, in one sentence a non-technical owner reads.
pub fn sampling_summary(mode: &str, failure_pct: &str, confidence_pct: &str, fixed: &str, percent: &str) -> String {
    match mode {
        "fixed" => match fixed.trim().parse::<u32>() {
            Ok(n) if n > 0 => format!("{n} checks a week (or every output, in a quieter week)."),
            _ => "Enter how many checks a week.".into(),
        },
        "percent" => match number(percent) {
            Some(p) if p > 0.0 && p <= 100.0 => format!("{p}% of each week's outputs are checked."),
            _ => "Enter a share between 0 and 100%.".into(),
        },
        _ => {
            let (p, c) = (number(failure_pct).unwrap_or(f64::NAN), number(confidence_pct).unwrap_or(f64::NAN));
            match stats::sampling::sample_size(p / 100.0, c / 100.0) {
                Some(n) => format!(
                    "{n} checks a week: if {p}% or more of this tool's outputs are bad, there is a {c}% chance \
                     you will see at least one of them."
                ),
                None => "Enter a failure rate and a confidence between 0 and 100%.".into(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_in_plain_words() {
        assert!(sampling_summary("statistical", "5", "90", "", "").starts_with("45 checks a week: if 5% or more"));
        assert!(sampling_summary("statistical", "5", "95", "", "").starts_with("59 checks a week"));
        assert!(sampling_summary("statistical", "0", "95", "", "").starts_with("Enter"));
        assert!(sampling_summary("fixed", "", "", "20", "").starts_with("20 checks a week"));
        assert!(sampling_summary("percent", "", "", "", "10").starts_with("10% of each week"));
    }
}
