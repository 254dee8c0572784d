//! Lessons for the AI tool: a touchpoint's failure notes and corrections,
//! grouped by what was wrong, as lines an owner can paste into the tool's
//! instructions ("Do not promise delivery on Sundays — corrected 4 times").

use serde::{Deserialize, Serialize};

use crate::review::Category;

/// One finding category's lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub category: Category,
    /// Failed or needed-a-fix verdicts in this category.
    pub failures: i64,
    /// Of those, how many had no note (they count, but say nothing).
    pub without_note: i64,
    pub notes: Vec<Note>,
}

/// A reviewer's note, with how often the same note was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub times: i64,
    /// How many of those outputs a reviewer also corrected.
    pub corrected: i64,
}

impl Note {
    /// "Do not promise delivery on Sundays — corrected 4 times".
    pub fn line(&self) -> String {
        let times = |n: i64| if n == 1 { "once".to_string() } else { format!("{n} times") };
        let how = match self.corrected {
            0 => format!("found {}", times(self.times)),
            c if c == self.times => format!("corrected {}", times(c)),
            c => format!("found {}, corrected {}", times(self.times), times(c)),
        };
        format!("{} — {how}", self.text)
    }
}

/// The lessons as plain text to copy: a heading per category, a line per note.
pub fn as_text(lessons: &[Lesson]) -> String {
    let mut out = String::new();
    for l in lessons.iter().filter(|l| !l.notes.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l.category.label());
        out.push_str(":\n");
        for n in &l.notes {
            out.push_str("- ");
            out.push_str(&n.line());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_say_how_often() {
        let n = |times, corrected| Note { text: "Do not promise delivery on Sundays".into(), times, corrected };
        assert_eq!(n(4, 4).line(), "Do not promise delivery on Sundays — corrected 4 times");
        assert_eq!(n(1, 0).line(), "Do not promise delivery on Sundays — found once");
        assert_eq!(n(3, 1).line(), "Do not promise delivery on Sundays — found 3 times, corrected once");
        let l = Lesson { category: Category::MadeUpPromise, failures: 5, without_note: 1, notes: vec![n(4, 4)] };
        let empty = Lesson { category: Category::Other, failures: 1, without_note: 1, notes: vec![] };
        assert_eq!(
            as_text(&[l, empty]),
            "Made-up promise:\n- Do not promise delivery on Sundays — corrected 4 times\n"
        );
    }
}
