//! An uploaded file as text: UTF-8 first (a byte-order mark dropped), then
//! UTF-16 when a byte-order mark says so, then the legacy encoding the bytes
//! look like (Windows-1252 / Latin-1 and the other WHATWG encodings, found by
//! Mozilla's chardetng). A file that is none of these (a PDF, an image) says
//! so in one line.

use std::borrow::Cow;

use super::LineError;

/// The text and the name of the encoding it was read in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, LineError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_only(rest).map(|text| Decoded { text: Cow::Borrowed(text), encoding: "UTF-8" });
    }
    for (bom, encoding) in [(&b"\xFF\xFE"[..], encoding_rs::UTF_16LE), (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| LineError::new(0, "This file says it is UTF-16 but is not readable as UTF-16."))?;
            return Ok(Decoded { text: Cow::Owned(text.into_owned()), encoding: "UTF-16" });
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: Cow::Borrowed(text), encoding: "UTF-8" });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .filter(|t| looks_like_text(t))
        .ok_or_else(|| {
            LineError::new(0, "This is not a text file: save or export it as CSV (UTF-8 if you can) and upload that.")
        })?;
    let name = if encoding == encoding_rs::WINDOWS_1252 { "Windows-1252 (Latin-1)" } else { encoding.name() };
    Ok(Decoded { text: Cow::Owned(text.into_owned()), encoding: name })
}

/// No NUL and few control characters: text, not a binary file read as text.
fn looks_like_text(text: &str) -> bool {
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    !text.contains('\0') && controls * 100 <= text.chars().count()
}

/// UTF-8 or the line where it stops being UTF-8 (for files that said so).
fn utf8_only(bytes: &[u8]) -> Result<&str, LineError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        LineError::new(
            line,
            "this is not UTF-8 text, though the file says it is. Save or export it as UTF-8 and try again.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_found() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFid;caf\xC3\xA9").unwrap(),
            Decoded { text: "id;café".into(), encoding: "UTF-8" }
        );
        let latin = b"id;reply\n1;Caf\xe9 ouvert \xe0 9h, d\xe9j\xe0 r\xe9serv\xe9\n";
        let d = decode(latin).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("id;reply\n1;Café ouvert à 9h, déjà réservé\n", "Windows-1252 (Latin-1)")
        );
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("id,ré".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16).unwrap(), Decoded { text: "id,ré".into(), encoding: "UTF-16" });
        assert!(decode(b"%PDF-1.4\n\x00\x01\x02\x03\xff\xfe\x00binary")
            .unwrap_err()
            .message
            .contains("not a text file"));
        assert_eq!(decode(b"\xEF\xBB\xBFok\n\xff").unwrap_err().line, 2);
    }
}
