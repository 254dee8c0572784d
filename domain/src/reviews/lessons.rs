//! Lessons for the AI tool from a touchpoint's reviews: the failed and
//! needs-fix verdicts on outputs produced in a period, grouped by finding
//! category, the same note (ignoring case, spacing and a final full stop)
//! counted once with how often it was written and corrected.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub use model::lessons::{Lesson, Note};
use model::review::Category;

use crate::{Db, Result};

/// At most this many notes per category: the list is for pasting into
/// instructions, so the most frequent come first and the tail is left out.
const NOTES_PER_CATEGORY: usize = 10;

/// Which verdicts a period takes.
#[derive(Debug, Clone, Copy)]
pub enum Period {
    /// On outputs produced in it: a month's lessons, as its figures count.
    Produced(DateTime<Utc>, DateTime<Utc>),
    /// Reviewed in it: the latest lessons, whenever the output was written.
    Reviewed(DateTime<Utc>, DateTime<Utc>),
}

pub async fn lessons(db: &Db, tp: i64, period: Period) -> Result<Vec<Lesson>> {
    let (column, from, to) = match period {
        Period::Produced(from, to) => ("o.produced_at", from, to),
        Period::Reviewed(from, to) => ("v.updated_at", from, to),
    };
    let rows: Vec<(String, String, bool)> = sqlx::query_as(&format!(
        "SELECT v.categories_json, v.note, v.corrected_text IS NOT NULL FROM verdicts v
         JOIN review_items r ON r.output_id = v.output_id JOIN outputs o ON o.id = v.output_id
         WHERE r.touchpoint_id = ? AND v.verdict != 'pass' AND {column} >= ? AND {column} < ?
         ORDER BY v.id"
    ))
    .bind(tp)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(group(
        rows.into_iter()
            .map(|(cats, note, corrected)| (serde_json::from_str(&cats).unwrap_or_default(), note, corrected)),
    ))
}

fn key(note: &str) -> String {
    let words: Vec<&str> = note.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', '!', ';']).to_lowercase()
}

fn group(rows: impl Iterator<Item = (Vec<Category>, String, bool)>) -> Vec<Lesson> {
    let mut by: Vec<(Lesson, HashMap<String, usize>)> = Vec::new();
    for (cats, note, corrected) in rows {
        // A verdict without a category is still a lesson: it goes under Other.
        let cats = if cats.is_empty() { vec![Category::Other] } else { cats };
        for cat in cats {
            let at = match by.iter().position(|(l, _)| l.category == cat) {
                Some(i) => i,
                None => {
                    by.push((
                        Lesson { category: cat, failures: 0, without_note: 0, notes: Vec::new() },
                        HashMap::new(),
                    ));
                    by.len() - 1
                }
            };
            let (lesson, seen) = &mut by[at];
            lesson.failures += 1;
            let k = key(&note);
            if k.is_empty() {
                lesson.without_note += 1;
                continue;
            }
            let i = *seen.entry(k).or_insert_with(|| {
                let text = note.split_whitespace().collect::<Vec<_>>().join(" ");
                lesson.notes.push(Note { text, times: 0, corrected: 0 });
                lesson.notes.len() - 1
            });
            lesson.notes[i].times += 1;
            lesson.notes[i].corrected += i64::from(corrected);
        }
    }
    let mut out: Vec<Lesson> = by.into_iter().map(|(l, _)| l).collect();
    for l in &mut out {
        // Stable: equally frequent notes keep the order they were first written in.
        l.notes.sort_by_key(|n| std::cmp::Reverse(n.times));
        l.notes.truncate(NOTES_PER_CATEGORY);
    }
    out.sort_by_key(|l| std::cmp::Reverse(l.failures));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_note_is_counted_once_per_category() {
        let row = |c: &[Category], n: &str, fixed| (c.to_vec(), n.to_string(), fixed);
        let sunday = "Do not promise delivery on Sundays";
        let rows = vec![
            row(&[Category::MadeUpPromise], sunday, true),
            row(&[Category::MadeUpPromise], "do not  promise delivery on sundays.", true),
            row(&[Category::MadeUpPromise, Category::OffBrand], "Too chirpy", false),
            row(&[Category::MadeUpPromise], sunday, true),
            row(&[], "", false),
        ];
        let l = group(rows.into_iter());
        assert_eq!(l[0].category, Category::MadeUpPromise);
        assert_eq!(l[0].failures, 4);
        assert_eq!(l[0].notes[0].line(), format!("{sunday} — corrected 3 times"));
        assert_eq!(l[0].notes[1].line(), "Too chirpy — found once");
        assert_eq!((l[1].category, l[1].failures), (Category::OffBrand, 1));
        assert_eq!((l[2].category, l[2].without_note, l[2].notes.len()), (Category::Other, 1, 0));
    }
}
