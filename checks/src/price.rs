//! Prices: an amount tied to a listed item (the nearest one in its
//! sentence) must match the list, to the cent, or as the listed price
//! rounded when written as a whole number; an amount tied to something the
//! list does not have is named too. Totals, deposits and fees are left alone.

use std::sync::LazyLock;

use regex::Regex;

use crate::{
    finding,
    money::{self, Amount},
    text::{self, Folded},
    Check, Facts, Finding,
};

pub struct Prices {
    /// One pattern for every name and alias, longest first.
    names: Option<Regex>,
    /// (folded name → listed price, the item's own name)
    by_name: Vec<(String, f64, String)>,
    symbol: &'static str,
    any: bool,
}

/// Sentences about sums rather than one item's price.
static NOT_ONE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(?:total|totals|altogether|in all|subtotal|sum|comes to|come to|deposit|deposits|delivery fee|fee|fees|shipping|postage|tip|balance|discount|off|save|saving|voucher|gift card|minimum|budget|refund|refunded|paid|spent|spend|up to|over|under|from|anzahlung|gesamt|insgesamt|summe|gebuhr|pfand|zusammen)\b",
    )
});

/// The same words as they follow an amount ("£20 deposit", "£5 off"): not
/// the verbs, which belong to another clause ("£4.50 and we will refund you").
static SUM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(?:total|totals|altogether|in all|subtotal|sum|comes to|come to|deposit|deposits|delivery fee|fee|fees|shipping|postage|tip|balance|discount|off|voucher|gift card|minimum|budget|anzahlung|gesamt|insgesamt|summe|gebuhr|pfand|zusammen)\b",
    )
});

/// "A croissant is £2", "croissants cost $3", "£3 for a croissant".
static NAMED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?:^|\b(?:a|an|the|our|one|each|per|your)\s+)([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+(?:is|are|costs?|at|for|priced at|comes to|will be)\s*$",
    )
});
static NAMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"^\s*(?:for|per)\s+(?:a|an|the|one|each|our|your|\d+)?\s*([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})",
    )
});

const NOT_A_THING: &[&str] = &[
    "it",
    "this",
    "that",
    "these",
    "those",
    "price",
    "prices",
    "cost",
    "order",
    "total",
    "you",
    "we",
    "them",
    "everything",
    "all",
    "one",
    "each",
    "which",
    "what",
    "pound",
    "pounds",
    "dollars",
    "euros",
    "hour",
    "hours",
    "visit",
    "call",
];

impl Prices {
    pub fn new(facts: &Facts) -> Prices {
        let mut by_name = Vec::new();
        for item in &facts.prices {
            for name in std::iter::once(&item.item).chain(&item.aliases) {
                let folded = text::fold(name.trim());
                if !folded.is_empty() {
                    by_name.push((folded, item.price, item.item.clone()));
                }
            }
        }
        by_name.sort_by_key(|(n, ..)| std::cmp::Reverse(n.len()));
        let names = (!by_name.is_empty())
            .then(|| {
                let alts: Vec<String> = by_name.iter().filter_map(|(n, ..)| text::phrase_pattern(n)).collect();
                regex::RegexBuilder::new(&alts.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|"))
                    .size_limit(1 << 24)
                    .dfa_size_limit(1 << 24)
                    .build()
                    .ok()
            })
            .flatten();
        Prices { names, by_name, symbol: money::symbol(&facts.currency), any: !facts.prices.is_empty() }
    }

    #[cfg(test)]
    pub fn check(&self, output: &str) -> Vec<Finding> {
        self.check_folded(&Folded::new(output))
    }

    /// The findings in an output, given folded once for all checks.
    pub fn check_folded(&self, folded: &Folded) -> Vec<Finding> {
        if !self.any {
            return vec![];
        }
        let sentences = text::sentences(&folded.text);
        let mentions = self.mentions(&folded.text);
        let mut out = Vec::new();
        // Amounts are found in the original (symbols), then mapped into the
        // folded text by searching the same sentence.
        for a in money::amounts(&folded.text) {
            let (s_start, s_end) = text::sentence_of(&sentences, a.start);
            // The nearest listed name in the amount's clause, else in its sentence.
            let (c_start, c_end) = clause_of(&folded.text, s_start, s_end, a);
            let distance = |m: &&(usize, usize, f64, String)| {
                if m.1 <= a.start {
                    a.start - m.1
                } else {
                    m.0.saturating_sub(a.end)
                }
            };
            let nearest = mentions
                .iter()
                .filter(|m| m.0 >= c_start && m.1 <= c_end)
                .min_by_key(distance)
                .or_else(|| mentions.iter().filter(|m| m.0 >= s_start && m.1 <= s_end).min_by_key(distance));
            if about_a_sum(&folded.text, s_start, s_end, a) {
                continue;
            }
            match nearest {
                Some((_, _, listed, item)) => {
                    if !matches(a, *listed) {
                        let msg = format!(
                            "{} for {item}; the price list says {}",
                            &folded.text[a.start..a.end].trim(),
                            money::show(self.symbol, *listed)
                        );
                        out.push(finding(Check::Price, folded.span(a.start, a.end), msg));
                    }
                }
                None => {
                    if let Some(thing) = unlisted_thing(&folded.text, s_start, s_end, a) {
                        let msg = format!(
                            "{} for {thing}, which is not on the price list",
                            &folded.text[a.start..a.end].trim()
                        );
                        out.push(finding(Check::Price, folded.span(a.start, a.end), msg));
                    }
                }
            }
        }
        out
    }

    /// (start, end, listed price, item) of every listed name in the text.
    fn mentions(&self, folded: &str) -> Vec<(usize, usize, f64, String)> {
        let Some(re) = &self.names else { return vec![] };
        let mut out = Vec::new();
        for (start, end) in text::find_phrase(re, folded) {
            let name = &folded[start..end];
            // The listed name itself; else the longest one it is a form of
            // ("baguettes" of "baguette"); else one it shortens ("deliver" of
            // "delivery"). Never "item 170" for "item 17".
            let listed = self
                .by_name
                .iter()
                .find(|(n, ..)| n == name)
                .or_else(|| self.by_name.iter().find(|(n, ..)| name.starts_with(n.as_str())))
                .or_else(|| self.by_name.iter().find(|(n, ..)| n.starts_with(name) && n.len() - name.len() <= 2));
            if let Some((_, price, item)) = listed {
                out.push((start, end, *price, item.clone()));
            }
        }
        out
    }
}

/// The clause of the sentence holding the amount: cut at commas,
/// semicolons, colons, brackets and "and" / "und" / "plus".
fn clause_of(folded: &str, s_start: usize, s_end: usize, a: Amount) -> (usize, usize) {
    static CUT: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"[,;:()]|\s(?:and|und|plus|or|oder)\s"));
    let sentence = &folded[s_start..s_end];
    let mut start = s_start;
    let mut end = s_end;
    for m in CUT.find_iter(sentence) {
        let (ms, me) = (s_start + m.start(), s_start + m.end());
        if me <= a.start {
            start = me;
        } else if ms >= a.end {
            end = ms;
            break;
        }
    }
    (start, end)
}

/// The words right around the amount say it is a total, a deposit or a fee:
/// any of them in the 30 characters before it, the nouns in the 20 after.
fn about_a_sum(folded: &str, s_start: usize, s_end: usize, a: Amount) -> bool {
    let from = folded[s_start..a.start].char_indices().rev().nth(30).map_or(s_start, |(i, _)| s_start + i);
    let to = folded[a.end..s_end].char_indices().nth(20).map_or(s_end, |(i, _)| a.end + i);
    NOT_ONE_ITEM.is_match(&folded[from..a.end]) || SUM_AFTER.is_match(&folded[a.start..to])
}

/// Equal to the cent, or a whole amount equal to the listed price rounded.
fn matches(a: Amount, listed: f64) -> bool {
    (a.value - listed).abs() < 0.005 || (a.whole && (listed.round() - a.value).abs() < 0.005)
}

/// The thing an amount is the price of, when the sentence names one that
/// is not a sum, a deposit or a fee.
fn unlisted_thing(folded: &str, s_start: usize, s_end: usize, a: Amount) -> Option<String> {
    let sentence = &folded[s_start..s_end];
    if NOT_ONE_ITEM.is_match(sentence) {
        return None;
    }
    let before = &folded[s_start..a.start];
    let after = &folded[a.end..s_end];
    let thing = NAMED_BEFORE
        .captures(before)
        .and_then(|c| c.get(1))
        .or_else(|| NAMED_AFTER.captures(after).and_then(|c| c.get(1)))?
        .as_str()
        .trim()
        .to_string();
    let last = thing.split_whitespace().last()?;
    (!NOT_A_THING.contains(&last) && !NOT_A_THING.contains(&thing.as_str())).then_some(thing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::facts::PriceItem;

    fn prices() -> Prices {
        let item = |item: &str, price: f64, aliases: &[&str]| PriceItem {
            item: item.into(),
            price,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        };
        Prices::new(&Facts {
            currency: "GBP".into(),
            prices: vec![item("sourdough loaf", 5.2, &["large sourdough"]), item("baguette", 2.5, &[])],
            ..Default::default()
        })
    }

    #[test]
    fn a_wrong_price_for_a_listed_item_is_found() {
        let f = prices().check("Hi! A sourdough loaf is £4.50 today.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "£4.50 for sourdough loaf; the price list says £5.20");
        assert_eq!(&"Hi! A sourdough loaf is £4.50 today."[f[0].start..f[0].end], "£4.50");
    }

    #[test]
    fn the_right_price_written_differently_is_fine() {
        for ok in ["The large sourdough costs £5.2.", "Baguettes are 2.50 pounds.", "About £5 for a sourdough loaf."]
        {
            assert!(prices().check(ok).is_empty(), "{ok}");
        }
        assert!(prices().check("Your total is £15.40 for two loaves and a baguette.").is_empty());
        assert!(prices().check("A baguette is £2.50 plus a £5 deposit for the tray.").is_empty());
    }

    #[test]
    fn a_sum_word_in_the_next_clause_does_not_hide_a_wrong_price() {
        let f = prices().check("A sourdough loaf is £4.50 and we will refund you.");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn a_name_is_not_taken_for_a_longer_one() {
        let item = |n: &str, price: f64| PriceItem { item: n.into(), price, ..Default::default() };
        let p = Prices::new(&Facts { prices: vec![item("item 17", 3.0), item("item 170", 4.0)], ..Default::default() });
        assert!(p.check("The item 17 is £3.00.").is_empty());
        assert_eq!(p.check("The item 170 is £3.00.").len(), 1);
    }

    #[test]
    fn an_unlisted_item_with_a_price_is_named() {
        let f = prices().check("A croissant is £2.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("croissant"));
    }
}
