//! Text made comparable: lower case without accents, with a map back to the
//! original's byte offsets (findings point into the text as written);
//! sentences; phrases matched with simple word endings; negation.

use regex::Regex;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// A folded copy of a text: lower case, accents removed, and for each byte
/// of the copy the byte offset of the original character it came from.
pub struct Folded {
    pub text: String,
    /// None: the original was ASCII, so offsets are the same in both.
    origin: Option<Vec<usize>>,
    original_len: usize,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        if original.is_ascii() {
            return Folded { text: original.to_ascii_lowercase(), origin: None, original_len: original.len() };
        }
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                origin.push(at);
                continue;
            }
            for d in c.nfd().filter(|d| !is_combining_mark(*d)).flat_map(char::to_lowercase) {
                let before = text.len();
                text.push(d);
                origin.extend(std::iter::repeat_n(at, text.len() - before));
            }
        }
        Folded { text, origin: Some(origin), original_len: original.len() }
    }

    /// The original byte range of a range of the folded text.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let at = |i: usize| match &self.origin {
            None => i.min(self.original_len),
            Some(origin) => origin.get(i).copied().unwrap_or(self.original_len),
        };
        let (from, to) = (at(start), at(end));
        (from, to.max(from))
    }
}

/// Lower case without accents.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

/// Byte ranges of the sentences of `text` (split after . ! ? or a line
/// break followed by space; "£5.20" stays whole).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let ends = match b {
            b'\n' => true,
            b'.' | b'!' | b'?' => bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()),
            _ => false,
        };
        if ends {
            if i + 1 > start {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// The sentence holding byte `at`.
pub fn sentence_of(sentences: &[(usize, usize)], at: usize) -> (usize, usize) {
    sentences.iter().copied().find(|(s, e)| *s <= at && at < *e).unwrap_or((0, 0))
}

/// A pattern compiled with ASCII word boundaries. The texts it runs on are
/// folded (accents gone), so the meaning is the same, and a Unicode `\b`
/// would stop the fast DFA engines at the first non-ASCII byte (any "£" or
/// "€"), leaving the slow ones for the whole text.
pub fn regex(pattern: &str) -> Regex {
    regex::RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .size_limit(1 << 24)
        .dfa_size_limit(1 << 24)
        .build()
        .expect("a valid built-in pattern")
}

/// A regex that finds `phrase` (already folded) as whole words, the last
/// word with simple endings: refund → refunds, refunded; delivery →
/// deliver, delivered; guarantee → guaranteed. A hyphen counts as part of
/// a word, so "free" is not found in "gluten-free".
pub fn phrase_pattern(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let (last, head) = words.split_last()?;
    let mut stems = vec![regex::escape(last)];
    if let Some(base) = last.strip_suffix('y').filter(|b| b.len() >= 3) {
        stems.push(format!("{}(?:y|ies|ied|ying)", regex::escape(base)));
        stems.push(regex::escape(base));
    }
    if let Some(base) = last.strip_suffix('e').filter(|b| b.len() >= 3) {
        stems.push(regex::escape(base));
    }
    let head: Vec<String> = head.iter().map(|w| regex::escape(w)).collect();
    let prefix = if head.is_empty() { String::new() } else { format!("{}\\s+", head.join("\\s+")) };
    // No capture groups and ASCII word boundaries, so the fast DFA engines
    // run it (hundreds of price names in one pattern stay cheap).
    Some(format!("(?-u:\\b){prefix}(?:{})(?:s|es|ed|d|ing|er|ers|e|en|em|n)?(?-u:\\b)", stems.join("|")))
}

/// Every match of a pattern built by `phrase_pattern`, as folded-text
/// ranges, except those joined to a word by a hyphen ("gluten-free").
pub fn find_phrase(re: &Regex, folded: &str) -> Vec<(usize, usize)> {
    let bytes = folded.as_bytes();
    re.find_iter(folded)
        .filter(|m| m.start() == 0 || bytes[m.start() - 1] != b'-')
        .filter(|m| bytes.get(m.end()) != Some(&b'-'))
        .map(|m| (m.start(), m.end()))
        .collect()
}

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "dont", "don't", "doesnt", "doesn't", "cannot", "can't", "cant", "won't", "wont", "unable",
    "without", "nor", "neither", "isn't", "aren't", "didn't", "nicht", "kein", "keine", "keinen", "nie",
];

/// German puts its "not" after: "eine Rückerstattung ist leider nicht
/// möglich", "eine Garantie können wir nicht geben".
pub fn negated_after(folded: &str, end: usize, sentence_end: usize) -> bool {
    let after = &folded[end..sentence_end];
    let clause = after.split([',', ';', ':']).next().unwrap_or(after);
    clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .any(|w| matches!(w, "nicht" | "keine" | "kein"))
}

/// Whether the words just before `at` (in the same clause of the folded
/// sentence starting at `sentence_start`) negate what follows:
/// "we do not offer refunds", "no refunds", "we can't guarantee".
pub fn negated(folded: &str, sentence_start: usize, at: usize) -> bool {
    let before = &folded[sentence_start..at];
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or(before);
    let clause = clause.rsplit(" but ").next().unwrap_or(clause);
    clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(6)
        .any(|w| NEGATIONS.contains(&w.replace('’', "'").as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_a_map_to_the_original() {
        let f = Folded::new("Café CRÈME £5");
        assert_eq!(f.text, "cafe creme £5");
        let at = f.text.find("creme").unwrap();
        assert_eq!(f.span(at, at + 5), (6, 12));
        assert_eq!(&"Café CRÈME £5"[6..12], "CRÈME");
    }

    #[test]
    fn phrases_match_with_endings_but_not_inside_words() {
        let re = Regex::new(&phrase_pattern("refund").unwrap()).unwrap();
        assert_eq!(find_phrase(&re, "we refunded it. refunds too").len(), 2);
        let free = Regex::new(&phrase_pattern("free").unwrap()).unwrap();
        assert!(find_phrase(&free, "a gluten-free loaf in the freezer").is_empty());
        assert_eq!(find_phrase(&free, "free coffee!").len(), 1);
        let delivery = Regex::new(&phrase_pattern("delivery").unwrap()).unwrap();
        assert_eq!(find_phrase(&delivery, "we deliver; delivered; deliveries").len(), 3);
    }

    #[test]
    fn negation_looks_back_within_the_clause() {
        let s = "we do not offer refunds";
        assert!(negated(s, 0, s.find("refunds").unwrap()));
        let s = "no refunds, but a refund is possible";
        assert!(!negated(s, 0, s.rfind("refund").unwrap()));
        assert!(!negated("you get a refund", 0, 10));
    }

    #[test]
    fn sentences_keep_prices_whole() {
        let t = "It is £5.20. Thanks!";
        assert_eq!(sentences(t), vec![(0, 13), (13, 21)], "£ is two bytes");
    }
}
