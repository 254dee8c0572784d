//! The emails Second Look sends, rendered with askama: every one as HTML
//! (escaped: AI output inside is text, never markup) and as plain text, with
//! absolute links. The monthly reminder also carries a 15-minute calendar
//! event.

use askama::Template;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{DomainError, Result};
pub use model::monthly::{MonthLine, Monthly};

/// A short notice with one button: queue ready, alert, sign-off, test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub heading: String,
    pub lines: Vec<String>,
    /// Quoted text (such as AI output), shown as text.
    pub quote: Option<String>,
    pub button: String,
    pub link: String,
    /// A second, smaller link under the button ("or review 5 now").
    #[serde(default)]
    pub also: Option<SecondLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondLink {
    pub label: String,
    pub link: String,
}

/// What the outbox stores for an email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "template", content = "data", rename_all = "snake_case")]
pub enum Email {
    Monthly(Monthly),
    Notice(Notice),
}

/// An email ready for the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An iCalendar attachment (the monthly reminder).
    pub ics: Option<String>,
}

#[derive(Template)]
#[template(path = "email/monthly.html")]
struct MonthlyHtml<'a> {
    subject: &'a str,
    business: &'a str,
    data: &'a Monthly,
}

#[derive(Template)]
#[template(path = "email/monthly.txt")]
struct MonthlyText<'a> {
    business: &'a str,
    data: &'a Monthly,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct NoticeHtml<'a> {
    subject: &'a str,
    business: &'a str,
    data: &'a Notice,
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct NoticeText<'a> {
    business: &'a str,
    data: &'a Notice,
}

/// A link stored sealed (a password reset, a one-tap decision): only its
/// recipient may ever see it.
fn sealed(link: &str) -> bool {
    link.starts_with("sealed:")
}

/// A path on this site made absolute; anything else (a full URL, a note in
/// place of a hidden link) stays as it is.
fn absolute(base_url: &str, link: &str) -> String {
    if link.starts_with('/') {
        format!("{}{link}", base_url.trim_end_matches('/'))
    } else {
        link.to_string()
    }
}

fn failed(e: askama::Error) -> DomainError {
    DomainError::Unexpected(anyhow::anyhow!("an email template failed: {e}"))
}

impl Email {
    /// The email as others may read it (the outbox page): one-tap decision
    /// links blanked out; None for a password reset, which is all secret.
    pub fn without_secrets(&self) -> Option<Email> {
        let mut email = self.clone();
        if let Email::Notice(n) = &mut email {
            if sealed(&n.link) && n.also.is_none() {
                return None;
            }
            const HIDDEN: &str = "(a one-time link for its recipient only, not shown here)";
            if sealed(&n.link) {
                n.link = HIDDEN.into();
            }
            if let Some(also) = n.also.as_mut().filter(|a| sealed(&a.link)) {
                also.link = HIDDEN.into();
            }
        }
        Some(email)
    }

    /// Opens the links that were stored sealed (a password reset, a one-tap
    /// decision), just
    /// before the email is sent.
    pub fn open_sealed(&mut self, sealer: &crate::sealing::Sealer) -> Result<()> {
        let open = |link: &mut String| -> Result<()> {
            if sealed(link) {
                *link =
                    sealer.open(link).map_err(|e| DomainError::Unexpected(anyhow::anyhow!("an email's link: {e}")))?;
            }
            Ok(())
        };
        if let Email::Notice(n) = self {
            open(&mut n.link)?;
            if let Some(also) = &mut n.also {
                open(&mut also.link)?;
            }
        }
        Ok(())
    }

    pub fn render(&self, subject: &str, business: &str, base_url: &str) -> Result<Rendered> {
        match self {
            Email::Monthly(m) => {
                let data = Monthly { link: absolute(base_url, &m.link), ..m.clone() };
                Ok(Rendered {
                    subject: subject.to_string(),
                    html: MonthlyHtml { subject, business, data: &data }.render().map_err(failed)?,
                    text: MonthlyText { business, data: &data }.render().map_err(failed)?,
                    ics: Some(calendar_event(&data, business)),
                })
            }
            Email::Notice(n) => {
                let quote = n.quote.as_deref().map(|q| plaintext::reveal(q).into_owned());
                let also =
                    n.also.as_ref().map(|a| SecondLink { label: a.label.clone(), link: absolute(base_url, &a.link) });
                let data = Notice { link: absolute(base_url, &n.link), quote, also, ..n.clone() };
                Ok(Rendered {
                    subject: subject.to_string(),
                    html: NoticeHtml { subject, business, data: &data }.render().map_err(failed)?,
                    text: NoticeText { business, data: &data }.render().map_err(failed)?,
                    ics: None,
                })
            }
        }
    }
}

/// Escapes a text value for iCalendar (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n").replace('\r', "")
}

/// A 15-minute event for the monthly review, as an iCalendar file.
fn calendar_event(m: &Monthly, business: &str) -> String {
    let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Second Look//Monthly review//EN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:monthly-review-{}@secondlook", m.month),
        format!("DTSTAMP:{}", stamp(Utc::now())),
        format!("DTSTART:{}", stamp(m.event_at)),
        format!("DTEND:{}", stamp(m.event_at + Duration::minutes(15))),
        format!("SUMMARY:{}", ics_text(&format!("Monthly AI review ({}) – {business}", m.month_label))),
        format!("DESCRIPTION:{}", ics_text(&format!("Start here: {}", m.link))),
        format!("URL:{}", m.link),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    lines.join("\r\n") + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Email {
        Email::Notice(Notice {
            heading: "An output awaits your sign-off".into(),
            lines: vec!["Quotes: Rita approved it first.".into()],
            quote: Some("<script>alert(1)</script> & <img src=x onerror=alert(2)> pay\u{200B}pal".into()),
            button: "Open it".into(),
            link: "/approvals/7".into(),
            also: None,
        })
    }

    #[test]
    fn ai_output_is_escaped_in_html_and_kept_as_text_in_plain_text() {
        let r = notice().render("Sign-off needed", "Bakery <&> Co", "https://look.example").unwrap();
        assert!(!r.html.contains("<script>") && !r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "shown as text");
        assert!(r.html.contains("Bakery &#60;&#38;&#62; Co"));
        assert!(r.html.contains("href=\"https://look.example/approvals/7\""), "links are absolute");
        assert!(r.text.contains("> <script>alert(1)</script>"), "plain text keeps the text as it is");
        assert!(r.html.contains("pay[U+200B]pal") && r.text.contains("pay[U+200B]pal"), "hidden characters are shown");
        assert!(r.text.contains("Open it: https://look.example/approvals/7"));
        assert_eq!(r.ics, None);
    }

    #[test]
    fn the_monthly_email_has_a_calendar_event() {
        let m = Email::Monthly(Monthly {
            month: "2026-11".into(),
            month_label: "November 2026".into(),
            touchpoints: vec![MonthLine {
                name: "Replies".into(),
                this_month: "95% of 40 reviewed".into(),
                last_month: "no reviews".into(),
                flagged: Some("flagged by rules: 12, 3 failed".into()),
                findings: vec!["Prices: 4 flagged, 3 confirmed, 1 not a problem".into()],
                model_changes: vec!["gpt-4o → gpt-5".into()],
                open_alerts: 1,
                overdue: 0,
            }],
            unfinished: Some("October 2026".into()),
            link: "/monthly/2026-11".into(),
            event_at: "2026-12-07T10:00:00Z".parse().unwrap(),
        });
        let r = m.render("Your monthly AI review", "Bakery", "http://127.0.0.1:3000").unwrap();
        assert!(
            r.html.contains("http://127.0.0.1:3000/monthly/2026-11")
                && r.text.contains("http://127.0.0.1:3000/monthly/2026-11")
        );
        assert!(r.text.contains("flagged by rules: 12, 3 failed") && r.html.contains("flagged by rules: 12, 3 failed"));
        assert!(r.text.contains("model changed: gpt-4o → gpt-5") && r.text.contains("October 2026 was not finished"));
        let checked = "Prices: 4 flagged, 3 confirmed, 1 not a problem";
        assert!(r.text.contains(&format!("fact check: {checked}")) && r.html.contains(checked));
        let ics = r.ics.unwrap();
        assert!(ics.contains("DTSTART:20261207T100000Z\r\nDTEND:20261207T101500Z"), "{ics}");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }
}
