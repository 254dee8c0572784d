//! `forget`: on a person's request, the text of every output and input that
//! mentions their email address or phone number is removed. Matching is
//! done here, in Rust, over every output's text (a phone number matches in
//! any spacing or with its country code).

use futures::TryStreamExt;

use super::{remove_text, Why};
use crate::{audit, Actor, Db, DomainError, Result};

/// Whose messages to remove.
#[derive(Debug, Clone)]
pub enum Person {
    Email(String),
    Phone(String),
}

/// A phone number matches on its last nine digits (or all, when shorter):
/// enough to tell numbers apart, short enough to skip country codes.
const PHONE_TAIL: usize = 9;

enum Needle {
    Email(String),
    Phone(String),
}

impl Needle {
    fn of(person: &Person) -> Result<Needle> {
        match person {
            Person::Email(e) => {
                let e = e.trim().to_lowercase();
                let ok = e.len() >= 3 && e.contains('@') && !e.contains(char::is_whitespace) && !e.starts_with('@');
                if !ok {
                    return Err(DomainError::invalid("email", format!("\"{e}\" is not an email address.")));
                }
                Ok(Needle::Email(e))
            }
            Person::Phone(p) => {
                let digits: String = p.chars().filter(char::is_ascii_digit).collect();
                if digits.len() < 7 {
                    return Err(DomainError::invalid("phone", format!("\"{}\" is not a phone number.", p.trim())));
                }
                Ok(Needle::Phone(digits[digits.len().saturating_sub(PHONE_TAIL)..].to_string()))
            }
        }
    }

    fn found_in(&self, text: &str) -> bool {
        match self {
            Needle::Email(e) => {
                let lower = text.to_lowercase();
                lower.match_indices(e.as_str()).any(|(at, _)| {
                    let before = lower[..at].chars().next_back();
                    let after = lower[at + e.len()..].chars().next();
                    let part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
                    !before.is_some_and(part) && !after.is_some_and(|c| c.is_alphanumeric())
                })
            }
            Needle::Phone(tail) => phone_runs(text).any(|digits| digits.ends_with(tail.as_str())),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Needle::Email(_) => "an email address",
            Needle::Phone(_) => "a phone number",
        }
    }
}

/// The digits of every run of a phone number's characters in `text`.
fn phone_runs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_digit() || " ()-.+/".contains(c)))
        .map(|run| run.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|d| d.len() >= 7)
}

/// Removes the matching texts; returns how many outputs changed.
pub async fn forget(db: &Db, actor: &Actor, person: &Person) -> Result<u64> {
    let needle = Needle::of(person)?;
    let mut ids = Vec::new();
    {
        let mut rows = sqlx::query_as::<_, (i64, String, Option<String>, Option<String>)>(
            "SELECT id, output, input, metadata_json FROM outputs WHERE text_removed_at IS NULL ORDER BY id",
        )
        .fetch(db);
        while let Some((id, output, input, meta)) = rows.try_next().await? {
            if [Some(output), input, meta].iter().flatten().any(|t| needle.found_in(t)) {
                ids.push(id);
            }
        }
    }
    let now = chrono::Utc::now();
    let mut total = 0;
    for batch in ids.chunks(1000) {
        let mut tx = crate::db::begin_write(db).await?;
        total += remove_text(&mut tx, batch, Why::Forget, now).await?;
        tx.commit().await?;
    }
    let mut tx = crate::db::begin_write(db).await?;
    let event = audit::Event::new("outputs.forget", "outputs", "")
        .after(serde_json::json!({"texts_removed": total, "matched": needle.kind()}));
    audit::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_numbers_match_as_written() {
        let e = Needle::of(&Person::Email("Sam@Example.com".into())).unwrap();
        assert!(e.found_in("Write to sam@example.com today"));
        assert!(e.found_in("<SAM@EXAMPLE.COM>"));
        assert!(!e.found_in("write to bigsam@example.com"));
        assert!(!e.found_in("sam@example.community"));
        let p = Needle::of(&Person::Phone("+44 20 7946 0123".into())).unwrap();
        assert!(p.found_in("Call 020 7946 0123 after six"));
        assert!(p.found_in("call (020) 7946-0123"));
        assert!(p.found_in("+442079460123"));
        assert!(!p.found_in("Call 020 7946 0124"));
        assert!(Needle::of(&Person::Phone("12".into())).is_err());
        assert!(Needle::of(&Person::Email("not an address".into())).is_err());
    }
}
