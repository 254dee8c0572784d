//! Risk rules: phrases or patterns that always send an output to review.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::{DomainError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "text")]
pub enum RiskRule {
    /// Matches when the text contains it, ignoring case.
    Phrase(String),
    /// A regular expression (written `/…/` in the form), ignoring case.
    Pattern(String),
    /// One of the ready-made patterns in `BUILTINS`.
    Builtin(String),
}

pub use model::touchpoint::BUILTINS;

const MAX_RULES: usize = 50;
const MAX_RULE_LEN: usize = 200;

fn compile(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(true).size_limit(1 << 20).build()
}

impl RiskRule {
    /// What the reviewer is told when this rule flags an output.
    pub fn reason(&self) -> String {
        match self {
            RiskRule::Phrase(p) => format!("mentions \"{p}\""),
            RiskRule::Pattern(p) => format!("matches /{p}/"),
            RiskRule::Builtin(key) => {
                let label = BUILTINS.iter().find(|(k, ..)| k == key).map_or(key.as_str(), |(_, l, _)| l);
                format!("contains {}", label.to_lowercase())
            }
        }
    }
}

/// Parses the form's text: one rule per line, `/…/` for a pattern; plus the
/// ticked built-ins. Every error names its line.
pub fn parse_rules(text: &str, builtins: &[String]) -> Result<Vec<RiskRule>> {
    let mut rules = Vec::new();
    for key in builtins {
        if !BUILTINS.iter().any(|(k, ..)| k == key) {
            return Err(DomainError::invalid("risk_rules", format!("'{key}' is not a ready-made rule.")));
        }
        rules.push(RiskRule::Builtin(key.clone()));
    }
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.chars().count() > MAX_RULE_LEN {
            return Err(DomainError::invalid(
                "risk_rules",
                format!("Line {}: a rule can be at most {MAX_RULE_LEN} characters.", i + 1),
            ));
        }
        let rule = match line.strip_prefix('/').and_then(|l| l.strip_suffix('/')) {
            Some(pattern) if !pattern.is_empty() => {
                compile(pattern).map_err(|e| {
                    let why = e.to_string().lines().last().unwrap_or("").trim().to_string();
                    DomainError::invalid(
                        "risk_rules",
                        format!("Line {}: /{pattern}/ is not a valid pattern ({why}).", i + 1),
                    )
                })?;
                RiskRule::Pattern(pattern.to_string())
            }
            _ => RiskRule::Phrase(line.to_string()),
        };
        rules.push(rule);
    }
    if rules.len() > MAX_RULES {
        return Err(DomainError::invalid("risk_rules", format!("At most {MAX_RULES} rules.")));
    }
    Ok(rules)
}

/// Rules compiled once, to check many outputs.
pub struct Matcher {
    rules: Vec<(RiskRule, Regex)>,
}

impl Matcher {
    pub fn new(rules: &[RiskRule]) -> Matcher {
        let rules = rules
            .iter()
            .filter_map(|r| {
                let pattern = match r {
                    RiskRule::Phrase(p) => regex::escape(p),
                    RiskRule::Pattern(p) => p.clone(),
                    RiskRule::Builtin(k) => BUILTINS.iter().find(|(key, ..)| key == k)?.2.to_string(),
                };
                compile(&pattern).ok().map(|re| (r.clone(), re))
            })
            .collect();
        Matcher { rules }
    }

    /// The reasons `text` must be reviewed (empty when no rule matches).
    pub fn reasons(&self, text: &str) -> Vec<String> {
        self.rules.iter().filter(|(_, re)| re.is_match(text)).map(|(r, _)| r.reason()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_phrases_and_patterns() {
        let rules = parse_rules("refund\n\n /\\d+ ?% off/ \n", &["prices".into()]).unwrap();
        assert_eq!(
            rules,
            vec![
                RiskRule::Builtin("prices".into()),
                RiskRule::Phrase("refund".into()),
                RiskRule::Pattern("\\d+ ?% off".into())
            ]
        );
    }

    #[test]
    fn a_broken_pattern_names_its_line() {
        let e = parse_rules("refund\n/[a-/", &[]).unwrap_err().to_string();
        assert!(e.starts_with("Line 2: /[a-/ is not a valid pattern"), "{e}");
        assert!(parse_rules("", &["nope".into()]).is_err());
    }

    #[test]
    fn matcher_finds_reasons() {
        let rules = parse_rules("Refund\n/\\bfree\\b/", &["prices".into(), "dates".into()]).unwrap();
        let m = Matcher::new(&rules);
        assert_eq!(
            m.reasons("We will REFUND you £20 by 12/03"),
            vec![
                "contains prices and amounts of money".to_string(),
                "contains dates and times".to_string(),
                "mentions \"Refund\"".to_string(),
            ]
        );
        assert_eq!(m.reasons("It is free!"), vec!["matches /\\bfree\\b/".to_string()]);
        assert!(m.reasons("Thanks for your message.").is_empty());
    }
}
