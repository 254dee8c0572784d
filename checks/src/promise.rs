//! Promises and services: a phrase the business never uses or promises, or
//! a service it does not offer, unless the sentence negates it ("we do not
//! offer refunds", "unfortunately we don't deliver").

use regex::Regex;

use crate::{
    finding,
    text::{self, Folded},
    Check, Facts, Finding,
};

pub struct Promises {
    /// (pattern, the phrase as written, a service not offered)
    phrases: Vec<(Regex, String, bool)>,
}

impl Promises {
    pub fn new(facts: &Facts) -> Promises {
        let forbidden = facts.forbidden.iter().map(|p| (p, false));
        let services = facts.not_offered.iter().map(|p| (p, true));
        let phrases = forbidden
            .chain(services)
            .filter_map(|(p, service)| {
                let folded = text::fold(p.trim());
                let re = Regex::new(&text::phrase_pattern(&folded)?).ok()?;
                Some((re, p.trim().to_string(), service))
            })
            .collect();
        Promises { phrases }
    }

    #[cfg(test)]
    pub fn check(&self, output: &str) -> Vec<Finding> {
        self.check_folded(output, &Folded::new(output))
    }

    /// The findings in `output`, given folded once for all checks.
    pub fn check_folded(&self, output: &str, folded: &Folded) -> Vec<Finding> {
        if self.phrases.is_empty() {
            return vec![];
        }
        let sentences = text::sentences(&folded.text);
        let mut out = Vec::new();
        for (re, phrase, service) in &self.phrases {
            for (start, end) in text::find_phrase(re, &folded.text) {
                let (s_start, s_end) = text::sentence_of(&sentences, start);
                if text::negated(&folded.text, s_start, start) || text::negated_after(&folded.text, end, s_end) {
                    continue;
                }
                let said = &output[folded.span(start, end).0..folded.span(start, end).1];
                let msg = if *service {
                    format!("\"{said}\": the business does not offer {phrase}")
                } else {
                    format!("\"{said}\": a phrase never to use or promise ({phrase})")
                };
                out.push(finding(Check::Promise, folded.span(start, end), msg));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promises() -> Promises {
        Promises::new(&Facts {
            forbidden: vec!["refund".into(), "guarantee".into(), "free".into()],
            not_offered: vec!["delivery".into()],
            ..Default::default()
        })
    }

    #[test]
    fn forbidden_phrases_and_services_are_found() {
        assert_eq!(promises().check("We will refund you in full.").len(), 1);
        assert_eq!(promises().check("Guaranteed fresh, and free coffee!").len(), 2);
        assert_eq!(promises().check("We can deliver it on Saturday.").len(), 1);
    }

    #[test]
    fn negated_phrases_are_not() {
        for ok in [
            "We do not offer refunds on custom cakes.",
            "Unfortunately we don't deliver.",
            "No refunds, sorry.",
            "Our gluten-free range",
        ] {
            assert!(promises().check(ok).is_empty(), "{ok}");
        }
    }
}
