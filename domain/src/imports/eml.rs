//! `.eml` uploads: one or many saved emails, read by the same message reader
//! as the mailbox (`capture::message`). Several files are kept as one
//! import, packed as `length name\n bytes` records.

use chrono::{DateTime, Utc};

use super::LineError;
use crate::{
    capture::message,
    outputs::{NewOutput, Source},
    touchpoints::Kind,
};

/// Whether a file looks like a saved email.
pub fn is_eml(file_name: &str) -> bool {
    let name = file_name.to_ascii_lowercase();
    name.ends_with(".eml") || name.ends_with(".msg.txt")
}

/// Packs several files into one import's content.
pub fn pack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        out.extend_from_slice(format!("{} {name}\n", bytes.len()).as_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// The files packed by `pack`.
pub fn unpack(mut packed: &[u8]) -> Result<Vec<(String, &[u8])>, LineError> {
    let broken = || LineError::new(0, "The uploaded emails could not be read back; upload them again.");
    let mut files = Vec::new();
    while !packed.is_empty() {
        let end = packed.iter().position(|b| *b == b'\n').ok_or_else(broken)?;
        let head = std::str::from_utf8(&packed[..end]).map_err(|_| broken())?;
        let (len, name) = head.split_once(' ').ok_or_else(broken)?;
        let len: usize = len.parse().map_err(|_| broken())?;
        let rest = &packed[end + 1..];
        if rest.len() < len {
            return Err(broken());
        }
        files.push((name.to_string(), &rest[..len]));
        packed = &rest[len..];
    }
    Ok(files)
}

/// Every email as an output, or a line (numbered by file) for each that
/// cannot be one.
pub fn read_emls(packed: &[u8], kind: Kind, now: DateTime<Utc>) -> Result<Vec<NewOutput>, Vec<LineError>> {
    let files = unpack(packed).map_err(|e| vec![e])?;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (n, (name, bytes)) in files.iter().enumerate() {
        match message::read(bytes, now).and_then(|m| m.into_output(None, kind, Source::Upload, now)) {
            Ok(o) => good.push(o),
            Err(e) => bad.push(LineError::new(n + 1, format!("{name}: {e}"))),
        }
    }
    match (bad.is_empty(), good.is_empty()) {
        (true, false) => Ok(good),
        (true, true) => Err(vec![LineError::new(0, "No emails were uploaded.")]),
        (false, _) => Err(bad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_pack_and_unpack() {
        let files = vec![("a.eml".to_string(), b"Subject: a\r\n\r\nHello\nthere".to_vec()), ("b c.eml".into(), vec![])];
        let packed = pack(&files);
        let back = unpack(&packed).unwrap();
        assert_eq!(back, vec![("a.eml".to_string(), &files[0].1[..]), ("b c.eml".to_string(), &b""[..])]);
        assert!(unpack(b"99 x\nshort").is_err());
    }
}
