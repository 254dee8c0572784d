//! The reply is in the customer's language: both texts long enough to
//! tell, both detected with confidence, and different.

use crate::{finding, Check, Finding, Subject};

/// Fewer words than this and the language is not judged.
const MIN_WORDS: usize = 6;

pub fn check(s: &Subject) -> Vec<Finding> {
    let Some(input) = s.input else { return vec![] };
    let (Some(asked), Some(replied)) = (detect(input), detect(s.output)) else { return vec![] };
    if asked == replied {
        return vec![];
    }
    let msg = format!("the reply is in {}; the customer wrote in {}", replied.eng_name(), asked.eng_name());
    vec![finding(Check::Language, (0, s.output.len()), msg)]
}

/// The languages small businesses here write in: limiting the choice to
/// them keeps a short English reply from being read as Scots or Latin.
const LANGUAGES: [whatlang::Lang; 9] = {
    use whatlang::Lang::*;
    [Eng, Deu, Fra, Spa, Ita, Nld, Por, Pol, Tur]
};

/// Below this confidence a text's language is not judged: a short English
/// question is easily taken for French or Dutch.
const MIN_CONFIDENCE: f64 = 0.5;

fn detect(text: &str) -> Option<whatlang::Lang> {
    if text.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    let detector = whatlang::Detector::with_allowlist(LANGUAGES.to_vec());
    detector.detect(text).filter(|i| i.confidence() >= MIN_CONFIDENCE).map(|i| i.lang())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn check_pair(input: &str, output: &str) -> usize {
        check(&Subject { input: Some(input), output, booking: None, produced_at: Utc::now() }).len()
    }

    #[test]
    fn a_reply_in_another_language_is_found() {
        let german = "Hallo, kann ich morgen um zehn Uhr einen Termin zum Haareschneiden bekommen?";
        let english = "Hello, yes of course, we have a free appointment tomorrow at ten for your haircut.";
        assert_eq!(check_pair(german, english), 1);
        assert_eq!(check_pair(english, "Thank you for your message, we will see you tomorrow morning at ten."), 0);
        assert_eq!(check_pair("Danke!", english), 0, "too short to tell");
    }
}
