//! Plain words for stored values, and the sampling plan in a sentence. Used
//! on the server and in the browser alike.

pub const KINDS: &[(&str, &str)] = &[
    ("email", "Email replies"),
    ("chatbot", "Chatbot or assistant"),
    ("scheduling", "Booking and scheduling"),
    ("social", "Social media"),
    ("marketing", "Marketing copy"),
    ("finance", "Finance"),
    ("other", "Other"),
];

pub const AUDIENCES: &[(&str, &str)] = &[("customers", "Customers see it"), ("staff", "Only staff see it")];

pub const STAKES: &[(&str, &str)] =
    &[("high", "High — customer-facing or financial"), ("low", "Low — mistakes are cheap to fix")];

pub const POLICIES: &[(&str, &str)] = &[
    ("gate", "Hold each output until a person approves it"),
    ("sample", "Spot-check a sample every week"),
    ("both", "Hold each output, and spot-check weekly too"),
];

pub const STAGES: &[(&str, &str)] = &[
    ("pilot", "Pilot — trying it on one narrow job"),
    ("expanding", "Expanding — widening its use carefully"),
    ("trusted", "Trusted — it has earned it"),
    ("paused", "Paused — not relying on it for now"),
];

/// The label for `value` in one of the lists above (the value itself if unknown).
pub fn label<'a>(list: &'a [(&'a str, &'a str)], value: &'a str) -> &'a str {
    list.iter().find(|(v, _)| *v == value).map_or(value, |(_, l)| l)
}

/// The short name of a stage, e.g. "Pilot".
pub fn stage_name(stage: &str) -> &str {
    label(STAGES, stage).split(" — ").next().unwrap_or(stage)
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
        assert_eq!(stage_name("expanding"), "Expanding");
    }
}
