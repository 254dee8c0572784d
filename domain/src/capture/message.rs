//! One email as an output: its own text (the plain part, or the HTML part
//! as readable text) without the quoted thread, its Message-ID as the
//! external id, its Date as the time it was produced, and its subject,
//! recipients and attachment names as metadata. The same reader serves the
//! mailbox poller, `.eml` uploads and `POST /api/v1/messages`.

use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

use crate::{
    outputs::{NewOutput, RawOutput, Source},
    touchpoints::Kind,
    validate::LIMITS,
};

/// A message read, before its input (the message it replies to) is found.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    /// The Message-ID without its angle brackets, or `sha256:…` of the whole
    /// message when it has none (the same bytes always give the same id).
    pub id: String,
    /// The messages it replies to, nearest first (In-Reply-To, then
    /// References from the last).
    pub replies_to: Vec<String>,
    pub own_text: String,
    pub quoted: Option<String>,
    pub produced_at: DateTime<Utc>,
    /// The `X-AI-Model` header, when the AI tool names itself.
    pub model: Option<String>,
    pub metadata: serde_json::Value,
}

/// The header an AI tool can set to name its model.
pub const MODEL_HEADER: &str = "X-AI-Model";

/// Reads a raw RFC 5322 message. The error is one plain sentence.
pub fn read(raw: &[u8], now: DateTime<Utc>) -> Result<Mail, String> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| "This is not an email message (no headers could be read).".to_string())?;
    let id = message
        .message_id()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("sha256:{}", hex::encode(Sha256::digest(raw))));
    let id: String = id.chars().take(LIMITS.external_id).collect();
    let body = message.body_text(0).map(|b| b.into_owned()).unwrap_or_default();
    let (own_text, quoted) = super::quote::split(&body);
    if own_text.trim().is_empty() {
        let subject = message.subject().unwrap_or("(no subject)");
        return Err(format!("The message \"{}\" has no text of its own to check.", short(subject)));
    }
    let mut replies_to = ids(message.in_reply_to());
    replies_to.extend(ids(message.references()).into_iter().rev());
    replies_to.dedup();
    let produced_at = message
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single())
        .map(|t| sane_time(t, now))
        .unwrap_or(now);
    let model = message
        .header_raw(MODEL_HEADER)
        .map(|m| m.trim().chars().take(LIMITS.model).collect::<String>())
        .filter(|m| !m.is_empty());
    let attachments: Vec<String> = message
        .attachments()
        .map(|a| a.attachment_name().map(short).unwrap_or_else(|| "(unnamed attachment)".into()))
        .take(50)
        .collect();
    let metadata = serde_json::json!({
        "subject": message.subject().map(short),
        "from": addresses(message.from()),
        "to": addresses(message.to()),
        "cc": addresses(message.cc()),
        "attachments": attachments,
    });
    Ok(Mail { id, replies_to, own_text, quoted, produced_at, model, metadata })
}

impl Mail {
    /// The output to store, with `input` (the message it replies to, when it
    /// was found) or else the quoted thread. Checked like an API call.
    pub fn into_output(
        self,
        input: Option<String>,
        kind: Kind,
        source: Source,
        now: DateTime<Utc>,
    ) -> Result<NewOutput, String> {
        let raw = RawOutput {
            output: Some(self.own_text),
            input: input.or(self.quoted).map(|t| t.chars().take(LIMITS.text).collect()),
            external_id: Some(self.id),
            produced_at: Some(self.produced_at.to_rfc3339()),
            model: self.model,
            metadata: Some(self.metadata),
            booking: None,
        };
        raw.validate(kind, source, now).map_err(|e| format!("The message could not be stored: {}.", e.message))
    }
}

/// A Date header in the future (a wrong clock) becomes now; one before 1990
/// (a broken header) too.
fn sane_time(t: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let floor = Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).single().expect("a valid date");
    if t > now || t < floor {
        now
    } else {
        t
    }
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![t.trim().to_string()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.trim().to_string()).collect(),
        _ => vec![],
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn addresses(address: Option<&Address<'_>>) -> Vec<String> {
    address.map(|a| a.iter().filter_map(|a| a.address()).map(short).take(50).collect()).unwrap_or_default()
}

fn short(s: &str) -> String {
    s.chars().take(LIMITS.short).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_reply_is_its_own_text_with_the_thread_as_input() {
        let raw = "Message-ID: <r1@shop.example>\r\nIn-Reply-To: <q1@customer.example>\r\nReferences: <q0@customer.example> <q1@customer.example>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\nFrom: Shop <hello@shop.example>\r\nTo: Sam <sam@customer.example>\r\nSubject: Re: Opening hours\r\nX-AI-Model: draft-2\r\n\r\nWe open at 9.\r\n\r\nOn Tue, 1 Dec 2026, Sam <sam@customer.example> wrote:\r\n> When do you open?\r\n";
        let mail = read(raw.as_bytes(), now()).unwrap();
        assert_eq!(mail.id, "r1@shop.example");
        assert_eq!(mail.replies_to, ["q1@customer.example", "q0@customer.example"]);
        assert_eq!(mail.own_text, "We open at 9.");
        assert_eq!(mail.produced_at.to_rfc3339(), "2026-12-01T09:00:00+00:00");
        assert_eq!(mail.model.as_deref(), Some("draft-2"));
        assert_eq!(mail.metadata["to"][0], "sam@customer.example");
        let out = mail.into_output(None, Kind::Email, Source::Mailbox, now()).unwrap();
        assert_eq!(out.input.as_deref(), Some("When do you open?"));
        assert_eq!(out.external_id.as_deref(), Some("r1@shop.example"));
    }

    #[test]
    fn html_only_charsets_and_missing_ids_still_read() {
        let html = "Subject: Hi\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Caf=E9 opens <b>at 9</b>.</p>";
        let mail = read(html.as_bytes(), now()).unwrap();
        assert!(mail.own_text.contains("Café opens"), "{}", mail.own_text);
        assert!(mail.id.starts_with("sha256:"));
        assert_eq!(read(html.as_bytes(), now()).unwrap().id, mail.id, "a stable id");
        // No Date header, or one in the future: received now.
        assert_eq!(mail.produced_at, now());
        let future = "Date: Fri, 1 Jan 2100 00:00:00 +0000\r\nSubject: x\r\n\r\nHello";
        assert_eq!(read(future.as_bytes(), now()).unwrap().produced_at, now());
    }

    #[test]
    fn messages_without_text_say_so_in_one_line() {
        let empty = "Subject: Scan\r\nContent-Type: application/pdf; name=scan.pdf\r\n\r\nJVBERi0=";
        assert_eq!(read(empty.as_bytes(), now()).unwrap_err(), "The message \"Scan\" has no text of its own to check.");
        assert!(read(b"", now()).is_err());
        assert!(read(&[0xff, 0xfe, 0x00], now()).is_err());
    }
}
