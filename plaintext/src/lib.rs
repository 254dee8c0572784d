//! AI output is untrusted. Escaping stops it running as markup; this stops
//! it *looking* like something it is not. Zero-width characters can hide
//! words from a reviewer, and direction overrides (U+202E) can make
//! "txt.exe" read as "exe.txt". Reviewers should see what customers' devices
//! will actually receive, so such characters are shown as a visible `[U+XXXX]`.

use std::borrow::Cow;

/// Characters that change how text looks without being seen: zero-width and
/// joiner characters, direction marks, overrides and isolates, the byte-order
/// mark, soft hyphens, and control characters other than line breaks and tabs.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        // Hangul fillers: blank, yet count as letters.
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}'
        // Tag characters ("ASCII smuggling": text a model reads and people
        // cannot see) and the supplementary variation selectors. (The common
        // selectors U+FE00–FE0F stay: emoji need them.)
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}'
    ) || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// `text` with every hidden character replaced by a visible `[U+XXXX]`;
/// borrowed (no copy) when there is none, which is almost always.
pub fn reveal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_left_alone_without_a_copy() {
        let text = "Hello Ana,\n\tyour order ships Friday. Café ☕ 東京 — «ok» 😀";
        assert!(matches!(reveal(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn hidden_and_direction_characters_become_visible() {
        assert_eq!(reveal("invoice\u{202E}fdp.exe"), "invoice[U+202E]fdp.exe");
        assert_eq!(reveal("pay\u{200B}pal"), "pay[U+200B]pal");
        assert_eq!(reveal("\u{FEFF}a\u{2066}b\u{2069}"), "[U+FEFF]a[U+2066]b[U+2069]");
        assert_eq!(reveal("bell\u{7}"), "bell[U+0007]");
        assert_eq!(reveal("soft\u{AD}hyphen"), "soft[U+00AD]hyphen");
        assert_eq!(reveal("ok\u{E0041}\u{E0042}"), "ok[U+E0041][U+E0042]", "tag characters smuggle text");
        assert_eq!(reveal("\u{3164}"), "[U+3164]");
        assert!(matches!(reveal("❤\u{FE0F}"), Cow::Borrowed(_)), "emoji presentation selectors are ordinary");
    }
}
