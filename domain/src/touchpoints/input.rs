//! A touchpoint's settings as typed by a person (text fields), and their
//! validation into `Settings`. Every error names the field to fix.

pub use model::touchpoint::TouchpointInput;
use serde::Serialize;

use super::{
    risk::{self, RiskRule},
    Audience, Kind, Policy, Sampling, SamplingMode, Stakes,
};
use crate::{
    validate::{optional_text, required_text},
    DomainError, Result,
};

/// Validated settings of a touchpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub name: String,
    pub kind: Kind,
    pub vendor: String,
    pub description: String,
    pub audience: Audience,
    pub stakes: Stakes,
    pub policy: Policy,
    pub sampling: Sampling,
    pub risk_rules: Vec<RiskRule>,
    pub guidelines: String,
    pub checklist: Vec<String>,
}

/// Who a kind usually reaches.
pub fn default_audience(kind: Kind) -> Audience {
    match kind {
        Kind::Finance | Kind::Other => Audience::Staff,
        _ => Audience::Customers,
    }
}

/// Stakes and policy that follow from kind and audience: customer-facing or
/// financial output is high stakes and gated; the rest is spot-checked.
pub fn defaults_for(kind: Kind, audience: Audience) -> (Stakes, Policy) {
    if audience == Audience::Customers || kind == Kind::Finance {
        (Stakes::High, Policy::Gate)
    } else {
        (Stakes::Low, Policy::Sample)
    }
}

fn parse_or<T: std::str::FromStr<Err = model::Invalid>>(value: &str, default: T) -> Result<T> {
    if value.trim().is_empty() {
        Ok(default)
    } else {
        Ok(value.parse()?)
    }
}

/// "5", "5%" or "5.5" → 0.05; must lie strictly between 0% and 100%.
fn percent(field: &'static str, label: &str, value: &str, default: f64) -> Result<f64> {
    let v = value.trim().trim_end_matches('%').trim();
    if v.is_empty() {
        return Ok(default);
    }
    match v.replace(',', ".").parse::<f64>() {
        Ok(x) if x > 0.0 && x < 100.0 => Ok(x / 100.0),
        _ => Err(DomainError::invalid(
            field,
            format!("{label} must be a number between 0 and 100 (not including them)."),
        )),
    }
}

fn whole(field: &'static str, label: &str, value: &str, default: u32, max: u32) -> Result<u32> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(default);
    }
    match v.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(DomainError::invalid(field, format!("{label} must be a whole number from 1 to {max}."))),
    }
}

/// Checks a typed touchpoint form into `Settings` (a trait because the
/// form type is shared with the browser, in `model`).
pub trait Validate {
    fn validate(&self) -> Result<Settings>;
}

impl Validate for TouchpointInput {
    fn validate(&self) -> Result<Settings> {
        let name = required_text("name", "The name", &self.name, 80)?;
        let kind: Kind = self.kind.parse()?;
        let audience = parse_or(&self.audience, default_audience(kind))?;
        let (default_stakes, _) = defaults_for(kind, audience);
        let stakes = parse_or(&self.stakes, default_stakes)?;
        let policy = parse_or(&self.policy, if stakes == Stakes::High { Policy::Gate } else { Policy::Sample })?;
        let base = Sampling::default();
        let sampling = Sampling {
            mode: parse_or(&self.sampling_mode, SamplingMode::Statistical)?,
            failure_rate: percent(
                "failure_rate_percent",
                "The failure rate to catch",
                &self.failure_rate_percent,
                base.failure_rate,
            )?,
            confidence: percent("confidence_percent", "The confidence", &self.confidence_percent, base.confidence)?,
            fixed_per_week: whole(
                "fixed_per_week",
                "The number of checks a week",
                &self.fixed_per_week,
                base.fixed_per_week,
                10_000,
            )?,
            percent_per_week: percent(
                "percent_per_week",
                "The share of outputs",
                &self.percent_per_week,
                base.percent_per_week / 100.0,
            )? * 100.0,
        };
        let checklist: Vec<String> =
            self.checklist.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        if checklist.len() > 30 || checklist.iter().any(|l| l.chars().count() > 200) {
            return Err(DomainError::invalid(
                "checklist",
                "The checklist can have at most 30 items of at most 200 characters each.",
            ));
        }
        Ok(Settings {
            name,
            kind,
            vendor: optional_text("vendor", "The tool or vendor", &self.vendor, 100)?,
            description: optional_text("description", "The description", &self.description, 1000)?,
            audience,
            stakes,
            policy,
            sampling,
            risk_rules: risk::parse_rules(&self.risk_rules, &self.risk_builtins)?,
            guidelines: optional_text("guidelines", "The guidelines", &self.guidelines, 5000)?,
            checklist,
        })
    }
}

impl Settings {
    /// The settings as the form shows them, for editing.
    pub fn to_input(&self) -> TouchpointInput {
        let mut builtins = Vec::new();
        let mut lines = Vec::new();
        for rule in &self.risk_rules {
            match rule {
                RiskRule::Builtin(k) => builtins.push(k.clone()),
                RiskRule::Phrase(p) => lines.push(p.clone()),
                RiskRule::Pattern(p) => lines.push(format!("/{p}/")),
            }
        }
        let pct = |x: f64| format!("{}", (x * 1000.0).round() / 10.0);
        TouchpointInput {
            name: self.name.clone(),
            kind: self.kind.to_string(),
            vendor: self.vendor.clone(),
            description: self.description.clone(),
            audience: self.audience.to_string(),
            stakes: self.stakes.to_string(),
            policy: self.policy.to_string(),
            sampling_mode: self.sampling.mode.to_string(),
            failure_rate_percent: pct(self.sampling.failure_rate),
            confidence_percent: pct(self.sampling.confidence),
            fixed_per_week: self.sampling.fixed_per_week.to_string(),
            percent_per_week: format!("{}", self.sampling.percent_per_week),
            risk_rules: lines.join("\n"),
            risk_builtins: builtins,
            guidelines: self.guidelines.clone(),
            checklist: self.checklist.join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str) -> TouchpointInput {
        TouchpointInput { name: "Replies".into(), kind: kind.into(), ..Default::default() }
    }

    #[test]
    fn defaults_follow_kind_and_audience() {
        let s = input("email").validate().unwrap();
        assert_eq!((s.audience, s.stakes, s.policy), (Audience::Customers, Stakes::High, Policy::Gate));
        let s = input("other").validate().unwrap();
        assert_eq!((s.audience, s.stakes, s.policy), (Audience::Staff, Stakes::Low, Policy::Sample));
        let s = input("finance").validate().unwrap();
        assert_eq!((s.stakes, s.policy), (Stakes::High, Policy::Gate));
        assert_eq!(s.sampling, Sampling::default());
        assert_eq!(s.sampling.plan().planned(1000), 45);
    }

    #[test]
    fn bad_fields_are_named() {
        let field = |i: TouchpointInput| match i.validate() {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        };
        assert_eq!(field(TouchpointInput { name: " ".into(), ..input("email") }), "name");
        assert_eq!(field(TouchpointInput { name: "x".repeat(81), ..input("email") }), "name");
        assert_eq!(field(input("fax")), "kind");
        assert_eq!(
            field(TouchpointInput { failure_rate_percent: "0".into(), ..input("email") }),
            "failure_rate_percent"
        );
        assert_eq!(
            field(TouchpointInput { failure_rate_percent: "100".into(), ..input("email") }),
            "failure_rate_percent"
        );
        assert_eq!(field(TouchpointInput { confidence_percent: "abc".into(), ..input("email") }), "confidence_percent");
        assert_eq!(field(TouchpointInput { risk_rules: "/(/".into(), ..input("email") }), "risk_rules");
        assert_eq!(field(TouchpointInput { stakes: "medium".into(), ..input("email") }), "stakes");
    }

    #[test]
    fn round_trips_through_the_form() {
        let i = TouchpointInput {
            failure_rate_percent: "2.5".into(),
            confidence_percent: "95".into(),
            risk_rules: "refund\n/\\d+%/".into(),
            risk_builtins: vec!["prices".into()],
            checklist: "Polite\nCorrect price".into(),
            ..input("email")
        };
        let s = i.validate().unwrap();
        assert_eq!(s.to_input().validate().unwrap(), s);
        assert!((s.sampling.failure_rate - 0.025).abs() < 1e-12);
    }
}
