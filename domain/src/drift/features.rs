//! What an output contains that matters for drift: links, prices, phone
//! numbers, email addresses (the same patterns the ready-made risk rules use).

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

fn pattern(p: &str) -> Regex {
    RegexBuilder::new(p).case_insensitive(true).build().expect("a fixed pattern")
}

fn builtin(key: &str) -> &'static str {
    crate::touchpoints::risk::BUILTINS.iter().find(|(k, ..)| *k == key).map(|(.., p)| *p).expect("a built-in rule")
}

static LINK: LazyLock<Regex> = LazyLock::new(|| pattern(r"https?://|\bwww\.[a-z0-9-]+\."));
static PRICE: LazyLock<Regex> = LazyLock::new(|| pattern(builtin("prices")));
static PHONE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\+?\d[\d\s().-]{7,}\d"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| pattern(r"[\w.+-]+@[\w-]+\.[\w.]+"));

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    pub link: bool,
    pub price: bool,
    pub phone: bool,
    pub email: bool,
}

impl Features {
    pub fn of(text: &str) -> Features {
        Features {
            link: LINK.is_match(text),
            price: PRICE.is_match(text),
            phone: PHONE.is_match(text),
            email: EMAIL.is_match(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_found() {
        let f = Features::of("Book at https://cafe.example or call +44 20 7946 0958, £12 per head, hi@cafe.example");
        assert_eq!(f, Features { link: true, price: true, phone: true, email: true });
        assert_eq!(Features::of("See you on Friday at 7."), Features::default());
    }
}
