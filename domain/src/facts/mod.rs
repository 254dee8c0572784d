//! What is true about the business: stored, checked before it is stored,
//! audited, and prepared once for the fact checks that run on every output
//! (`cache`). The checks themselves are pure functions in the `checks` crate.

mod cache;
mod check;
mod dismiss;
pub mod figures;
mod form;
mod prices;
pub mod recheck;

use chrono::Utc;
pub use model::facts::{Check, Closure, Facts, Finding, OpeningHours, PriceItem, WEEKDAYS};
use sqlx::SqliteConnection;

pub use cache::Checkers;
pub(crate) use check::record;
pub use check::{findings_of, CheckSet};
pub use dismiss::dismiss;
pub use form::{from_input, to_input, FactsInput};
pub use model::facts::{CheckCount, CheckWeek, KeptFinding, Recheck};
pub use prices::parse_price_csv;

use crate::{audit, validate, Actor, Db, DomainError, Result};

/// The business's facts (empty until an owner writes some).
pub async fn get(db: &Db) -> Result<Facts> {
    let mut conn = db.acquire().await?;
    Ok(load(&mut conn).await?.1)
}

/// The facts and their version (0 before the first save).
pub(crate) async fn load(conn: &mut SqliteConnection) -> Result<(i64, Facts)> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT version, facts_json FROM business_facts WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Ok((0, Facts::default())),
        Some((version, json)) => {
            let facts = serde_json::from_str(&json).map_err(|e| anyhow::anyhow!("the stored business facts: {e}"))?;
            Ok((version, facts))
        }
    }
}

/// Replaces the facts after checking every part; audited with before and after.
pub async fn set(db: &Db, actor: &Actor, facts: Facts) -> Result<Facts> {
    let facts = checked(facts)?;
    let mut tx = crate::db::begin_write(db).await?;
    let (version, before) = load(&mut tx).await?;
    let json = serde_json::to_string(&facts).map_err(anyhow::Error::from)?;
    sqlx::query(
        "INSERT INTO business_facts (id, facts_json, version, updated_at) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET facts_json = ?1, version = ?2, updated_at = ?3",
    )
    .bind(&json)
    .bind(version + 1)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, audit::Event::new("facts.update", "business", 1).before(&before).after(&facts))
        .await?;
    tx.commit().await?;
    Ok(facts)
}

/// Facts that can be used: every price a positive number, hours that end
/// after they start, dates and domains that parse. Lists are trimmed and
/// emptied of blank entries. The first problem names its field.
pub fn checked(mut f: Facts) -> Result<Facts> {
    f.currency = f.currency.trim().to_uppercase();
    let code = f.currency.len() == 3 && f.currency.chars().all(|c| c.is_ascii_uppercase());
    if !f.currency.is_empty() && !code {
        return Err(DomainError::invalid(
            "currency",
            format!("'{}' is not a currency code such as GBP, EUR or USD.", f.currency),
        ));
    }
    for (i, p) in f.prices.iter_mut().enumerate() {
        p.item = validate::required_text("prices", "Each price's item", &p.item, 200)
            .map_err(|_| DomainError::invalid("prices", format!("Price {}: write what it is the price of.", i + 1)))?;
        if !p.price.is_finite() || p.price < 0.0 || p.price > 1_000_000.0 {
            return Err(DomainError::invalid(
                "prices",
                format!("Price {} ({}): the price must be a number such as 5.20.", i + 1, p.item),
            ));
        }
        p.unit = p.unit.trim().to_string();
        tidy(&mut p.aliases);
    }
    for h in &mut f.hours {
        h.day = h.day.trim().to_lowercase();
        if !WEEKDAYS.contains(&h.day.as_str()) {
            return Err(DomainError::invalid("hours", format!("'{}' is not a weekday (monday … sunday).", h.day)));
        }
        let time = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M");
        match (time(&h.opens), time(&h.closes)) {
            (Ok(o), Ok(c)) if o < c => {}
            (Ok(_), Ok(_)) => {
                return Err(DomainError::invalid(
                    "hours",
                    format!("On {} the hours end before they start ({}–{}).", h.day, h.opens, h.closes),
                ))
            }
            _ => {
                return Err(DomainError::invalid("hours", format!("On {} write the hours as 09:00 and 17:30.", h.day)));
            }
        }
        h.opens = h.opens.trim().to_string();
        h.closes = h.closes.trim().to_string();
    }
    for c in &mut f.closures {
        c.date = c.date.trim().to_string();
        if chrono::NaiveDate::parse_from_str(&c.date, "%Y-%m-%d").is_err() {
            return Err(DomainError::invalid("closures", format!("'{}' is not a date such as 2026-12-25.", c.date)));
        }
    }
    if f.max_booking_minutes == Some(0) {
        return Err(DomainError::invalid("max_booking_minutes", "The longest booking must be at least a minute."));
    }
    for e in &mut f.emails {
        *e = validate::email(e)
            .map_err(|_| DomainError::invalid("emails", format!("'{e}' is not an email address.")))?;
    }
    for d in &mut f.domains {
        *d = domain_name(d)?;
    }
    for list in [&mut f.phones, &mut f.offered, &mut f.not_offered, &mut f.forbidden] {
        tidy(list);
    }
    for p in &f.phones {
        if p.chars().filter(char::is_ascii_digit).count() < 6 {
            return Err(DomainError::invalid("phones", format!("'{p}' is not a phone number.")));
        }
    }
    Ok(f)
}

/// "https://www.CornerBakery.co.uk/" → "cornerbakery.co.uk".
fn domain_name(d: &str) -> Result<String> {
    let raw = d.trim().to_lowercase();
    let with_scheme = if raw.contains("://") { raw.clone() } else { format!("https://{raw}") };
    let host = url::Url::parse(&with_scheme).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let host = host.trim_start_matches("www.").to_string();
    if host.contains('.') && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        Ok(host)
    } else {
        Err(DomainError::invalid("domains", format!("'{}' is not a web domain such as cornerbakery.co.uk.", d.trim())))
    }
}

fn tidy(list: &mut Vec<String>) {
    *list = list.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_that_cannot_be_used_are_refused_by_field() {
        let field = |f: Facts| match checked(f) {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let price = PriceItem { item: "Loaf".into(), price: f64::NAN, ..Default::default() };
        assert_eq!(field(Facts { prices: vec![price], ..Default::default() }), "prices");
        let hours = OpeningHours { day: "monday".into(), opens: "17:00".into(), closes: "09:00".into() };
        assert_eq!(field(Facts { hours: vec![hours], ..Default::default() }), "hours");
        assert_eq!(field(Facts { domains: vec!["not a domain".into()], ..Default::default() }), "domains");
        let ok =
            checked(Facts { domains: vec!["https://www.CornerBakery.co.uk/".into()], ..Default::default() }).unwrap();
        assert_eq!(ok.domains, ["cornerbakery.co.uk"]);
    }
}
