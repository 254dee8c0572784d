//! Reading days and times as people write them: "Sundays", "8pm",
//! "17:30", "noon", "8 to 5", "von 9 bis 18 Uhr".

use chrono::NaiveTime;

use super::{DAYS, DAYS_DE, TIME};

pub(super) fn weekday_index(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('s');
    DAYS.iter()
        .position(|d| d.starts_with(&w[..w.len().min(3)]) && w.len() >= 3)
        .or_else(|| DAYS_DE.iter().position(|d| w.starts_with(&d[..5])))
}

pub(super) fn time_of(c: &regex::Captures) -> Option<NaiveTime> {
    if let Some(word) = c.get(4) {
        return match word.as_str() {
            "midnight" => NaiveTime::from_hms_opt(0, 0, 0),
            _ => NaiveTime::from_hms_opt(12, 0, 0),
        };
    }
    let h: u32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let h = match c.get(3).map(|s| s.as_str().replace('.', "")) {
        Some(s) if s == "pm" && h < 12 => h + 12,
        Some(s) if s == "am" && h == 12 => 0,
        Some(_) => h,
        // Without am/pm only a 24-hour time with minutes counts ("17:30").
        None if c.get(2).is_some() => h,
        None => return None,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

pub(super) fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A stated range as (opens, closes) on a 24-hour clock: "8 to 5" is
/// 08:00–17:00, "5 to 10pm" 17:00–22:00. Bare numbers count only after
/// "from", "von", "open" or "between", so "1-2 days" is not a range.
pub(super) fn range_times(c: &regex::Captures, before: &str) -> Option<(NaiveTime, NaiveTime)> {
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (h1, m1, h2, m2) = (num(1)?, num(2).unwrap_or(0), num(4)?, num(5).unwrap_or(0));
    let (ap1, ap2) = (c.get(3).map(|m| m.as_str()), c.get(6).map(|m| m.as_str()));
    let marked = ap1.is_some() || ap2.is_some() || c.get(2).is_some() || c.get(5).is_some();
    let lead = before.trim_end();
    let introduced = ["from", "von", "open", "between"].iter().any(|w| lead.ends_with(w));
    if !marked && !introduced {
        return None;
    }
    let close = match ap2 {
        Some("pm") if h2 < 12 => h2 + 12,
        Some("am") if h2 == 12 => 0,
        Some(_) => h2,
        None if h2 <= 8 && h2 < h1 => h2 + 12,
        None => h2,
    };
    let open = match ap1 {
        Some("pm") if h1 < 12 => h1 + 12,
        Some(_) => h1,
        None if ap2 == Some("pm") && h1 < 12 && h1 + 12 < close => h1 + 12,
        None => h1,
    };
    let (o, cl) = (NaiveTime::from_hms_opt(open, m1, 0)?, NaiveTime::from_hms_opt(close, m2, 0)?);
    (o < cl).then_some((o, cl))
}

/// "9am to 5pm", "9-17:00": the time starts a range.
pub(super) fn is_range_start(sentence: &str, end: usize) -> bool {
    let after = &sentence[end..];
    let trimmed = after.trim_start();
    (trimmed.starts_with('-')
        || trimmed.starts_with('–')
        || trimmed.starts_with("to ")
        || trimmed.starts_with("until "))
        && TIME.is_match(&trimmed[..trimmed.len().min(16)])
}

/// A day name close enough to "open"/"closed" to be what it is about.
pub(super) fn near(word: Option<usize>, day: usize) -> bool {
    word.is_some_and(|w| w.abs_diff(day) <= 60)
}

pub(super) fn title(day: &str) -> String {
    let mut c = day.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
