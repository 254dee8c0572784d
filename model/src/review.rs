//! The weekly spot check as reviewers see it: verdicts, finding
//! categories, the queue's progress and one item with all beside it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(Verdict, "verdict", "a verdict", { Pass => "pass", NeedsFix => "needs_fix", Fail => "fail" });
text_enum!(
    /// What was wrong with an output.
    Category, "categories", "a finding category", {
        Inaccurate => "inaccurate", WrongNumber => "wrong_number", OffBrand => "off_brand", PolicyLegal => "policy_legal",
        PrivacyLeak => "privacy_leak", MadeUpPromise => "made_up_promise", SchedulingConflict => "scheduling_conflict", Other => "other",
    }
);

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "Pass",
            Verdict::NeedsFix => "Needs fix",
            Verdict::Fail => "Fail",
        }
    }
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Inaccurate => "Inaccurate",
            Category::WrongNumber => "Wrong price or number",
            Category::OffBrand => "Off-brand tone",
            Category::PolicyLegal => "Policy or legal",
            Category::PrivacyLeak => "Privacy leak",
            Category::MadeUpPromise => "Made-up promise",
            Category::SchedulingConflict => "Scheduling conflict",
            Category::Other => "Other",
        }
    }
}

/// One week of the queue: its items and how many have a verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekProgress {
    pub week: String,
    pub total: u64,
    pub done: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The oldest week with work left (else the newest week drawn).
    pub week: Option<String>,
    /// Every week with work left, oldest first, and the newest week drawn.
    pub weeks: Vec<WeekProgress>,
    pub total: u64,
    pub done: u64,
    /// Verdicts given by this person in those weeks.
    pub mine: u64,
    pub minutes_left: u64,
    /// The next item this person may review.
    pub next: Option<i64>,
}

/// A verdict already given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Given {
    pub verdict: Verdict,
    pub categories: Vec<Category>,
    pub checked: Vec<usize>,
    pub note: String,
    pub corrected_text: String,
    pub reviewer: String,
}

/// One item with everything the reviewer sees beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub item_id: i64,
    pub week: String,
    pub reason: String,
    pub touchpoint_id: i64,
    pub touchpoint: String,
    pub output: String,
    pub input: Option<String>,
    pub model: Option<String>,
    pub produced_at: DateTime<Utc>,
    pub guidelines: String,
    pub checklist: Vec<String>,
    pub given: Option<Given>,
    /// What the fact checks found in the output.
    pub findings: Vec<crate::facts::KeptFinding>,
    /// 1-based position in the week's queue, and its length.
    pub position: u64,
    pub total: u64,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}
