//! `cargo xtask bench checks`: each fact check's precision and recall on
//! the labelled set (bench/data/checks.json: five businesses, their facts,
//! and outputs labelled with the checks that must flag them), and its
//! speed: one 2,000-character output against a 200-item price list, and
//! batch ingest with the checks against the same batch without them.

use std::{collections::BTreeMap, time::Instant};

use anyhow::{Context, Result};
use checks::{Check, Checker, Facts, Subject};
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    outputs::{Ingestor, NewOutput},
    touchpoints::{self, TouchpointInput, Validate as _},
    Actor,
};
use model::{facts::PriceItem, outputs::Booking};
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    businesses: Vec<Business>,
    outputs: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Business {
    id: String,
    region: String,
    timezone: String,
    facts: Facts,
}

#[derive(Deserialize)]
struct Labelled {
    business: String,
    input: Option<String>,
    output: String,
    produced_at: DateTime<Utc>,
    booking: Option<Booking>,
    expect: Vec<Check>,
    #[serde(default)]
    note: String,
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    positives: usize,
}

/// The accuracy table, and with `why` every miss and false alarm.
pub fn accuracy(root: &std::path::Path, why: bool) -> Result<String> {
    let path = root.join("bench/data/checks.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let set: Set = serde_json::from_str(&text).with_context(|| format!("{} is not a labelled set", path.display()))?;
    let checkers: BTreeMap<&str, Checker> = set
        .businesses
        .iter()
        .map(|b| (b.id.as_str(), Checker::new(&b.facts, &b.region, b.timezone.parse().unwrap_or(chrono_tz::UTC))))
        .collect();
    let mut tally: BTreeMap<&str, Tally> = Check::ALL.iter().map(|c| (c.as_str(), Tally::default())).collect();
    let mut notes = Vec::new();
    for (i, o) in set.outputs.iter().enumerate() {
        let checker =
            checkers.get(o.business.as_str()).with_context(|| format!("output {i}: no business {}", o.business))?;
        let subject = Subject {
            input: o.input.as_deref(),
            output: &o.output,
            booking: o.booking.as_ref(),
            produced_at: o.produced_at,
        };
        let found = checker.check(Check::ALL, &subject);
        for check in Check::ALL {
            let flagged = found.iter().any(|f| f.check == *check);
            let expected = o.expect.contains(check);
            let t = tally.get_mut(check.as_str()).expect("every check");
            t.positives += usize::from(expected);
            match (expected, flagged) {
                (true, true) => t.tp += 1,
                (false, true) => t.fp += 1,
                (true, false) => t.fn_ += 1,
                (false, false) => {}
            }
            if why && expected != flagged {
                let what = if flagged { "false alarm" } else { "missed" };
                let said: Vec<&str> = found.iter().filter(|f| f.check == *check).map(|f| f.message.as_str()).collect();
                notes.push(format!("{what} {check} #{i} ({}): {:?} {said:?} [{}]", o.business, o.output, o.note));
            }
        }
    }
    let pct =
        |a: usize, b: usize| if b == 0 { "—".to_string() } else { format!("{:.1}%", 100.0 * a as f64 / b as f64) };
    let mut out = format!(
        "Labelled set: {} outputs from {} businesses\n\n| check | outputs that break it | precision | recall | target |\n|---|---|---|---|---|\n",
        set.outputs.len(),
        set.businesses.len()
    );
    for check in Check::ALL {
        let t = &tally[check.as_str()];
        out += &format!(
            "| {} | {} | {} | {} | ≥ 95% / ≥ 90% |\n",
            check.as_str(),
            t.positives,
            pct(t.tp, t.tp + t.fp),
            pct(t.tp, t.tp + t.fn_)
        );
    }
    for n in notes {
        out += &format!("\n{n}");
    }
    Ok(out)
}

/// A 2,000-character reply against a 200-item price list, checked
/// `rounds` times: the median time of one check of all six.
pub fn one_output(rounds: usize) -> (f64, String) {
    let facts = big_facts();
    let checker = Checker::new(&facts, "GB", chrono_tz::Europe::London);
    let reply = long_reply();
    let input = "Hello, how much are your loaves and when do you open on Monday?";
    let subject = Subject { input: Some(input), output: &reply, booking: None, produced_at: Utc::now() };
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(checker.check(Check::ALL, &subject));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], format!("{} characters, {} price items", reply.chars().count(), facts.prices.len()))
}

/// A 2,000-character reply naming prices, items and opening times.
fn long_reply() -> String {
    let mut reply = String::new();
    let mut i = 0;
    while reply.len() < 2000 {
        reply += &format!("The item {i} is £{}.{:02} and we open at 9am on Monday. ", 2 + i % 7, i % 100);
        i += 1;
    }
    reply.chars().take(2000).collect()
}

/// POST /api/v1/check on the real server over loopback with the same
/// reply and price list: the median of 500 sequential calls, in ms.
pub async fn over_http(bin: &str, dir: &std::path::Path) -> Result<f64> {
    let url = format!("sqlite://{}/check-http.db", dir.display());
    let db = domain::db::open_and_migrate(&url).await?;
    domain::facts::set(&db, &Actor::Cli, big_facts()).await?;
    let server = crate::server::Server::start(bin, &url)?;
    let client = reqwest::Client::new();
    let body = serde_json::json!({"output": long_reply(), "input": "How much are your loaves, and when do you open?"});
    let call = || client.post(format!("{}/api/v1/check", server.address)).bearer_auth(&server.token).json(&body).send();
    for _ in 0..20 {
        call().await?.error_for_status()?;
    }
    let mut times = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        call().await?.error_for_status()?.bytes().await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

pub(crate) fn big_facts() -> Facts {
    Facts {
        currency: "GBP".into(),
        prices: (0..200)
            .map(|i| PriceItem {
                item: format!("item {i}"),
                price: 2.0 + (i % 7) as f64 + (i % 100) as f64 / 100.0,
                aliases: vec![format!("product {i}")],
                ..Default::default()
            })
            .collect(),
        hours: ["monday", "tuesday", "wednesday", "thursday", "friday"]
            .iter()
            .map(|d| model::facts::OpeningHours { day: d.to_string(), opens: "09:00".into(), closes: "17:00".into() })
            .collect(),
        phones: vec!["020 7946 0123".into()],
        domains: vec!["example.co.uk".into()],
        forbidden: vec!["refund".into(), "guarantee".into()],
        ..Default::default()
    }
}

/// Seconds to ingest `n` outputs in batches of 1,000 with the checks and
/// facts in place, and without: (with, without), medians of three runs.
pub async fn batch_ingest(dir: &std::path::Path, n: usize) -> Result<(f64, f64)> {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for round in 0..3 {
        for checked in [true, false] {
            let url = format!("sqlite://{}/checks-{round}-{checked}.db", dir.display());
            let db = domain::db::open_and_migrate(&url).await?;
            let setup = domain::business::Setup {
                business_name: "Corner Bakery".into(),
                timezone: "Europe/London".into(),
                week_start: String::new(),
                owner_email: "olive@bakery.test".into(),
                owner_name: "Olive".into(),
                owner_password: "rise-and-shine-42".into(),
            };
            domain::business::setup(&db, &Actor::Cli, setup).await?;
            if checked {
                domain::facts::set(&db, &Actor::Cli, big_facts()).await?;
            }
            let input = TouchpointInput {
                name: "Replies".into(),
                kind: "email".into(),
                policy: "sample".into(),
                ..Default::default()
            };
            let tp = touchpoints::create(&db, &Actor::Cli, input.validate()?).await?.touchpoint;
            let tp = if checked { tp } else { touchpoints::set_checks(&db, &Actor::Cli, tp.id, Some(vec![])).await? };
            let ingest = Ingestor::open(&url).await?;
            let start = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
            let items: Vec<NewOutput> = (0..n)
                .map(|i| {
                    // A typical reply: a listed item at its listed price, the
                    // real opening time and the business's own number.
                    let k = i % 200;
                    let price = 2.0 + (k % 7) as f64 + (k % 100) as f64 / 100.0;
                    let text = format!(
                        "Thanks for your order {i}. The item {k} is £{price:.2} and we open at 9am on Monday; call 020 7946 0123 if anything is wrong."
                    );
                    NewOutput::plain(text, format!("o{i}"), start + Duration::seconds(i as i64))
                })
                .collect();
            let t = Instant::now();
            for chunk in items.chunks(1000) {
                ingest.many(&tp, chunk).await?;
            }
            let secs = t.elapsed().as_secs_f64();
            if checked {
                with.push(secs)
            } else {
                without.push(secs)
            }
        }
    }
    with.sort_by(f64::total_cmp);
    without.sort_by(f64::total_cmp);
    Ok((with[1], without[1]))
}
