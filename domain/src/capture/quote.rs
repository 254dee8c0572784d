//! The reply's own words, without the thread quoted below it. Mail programs
//! quote in a few shapes: lines starting with `>`, an "On … wrote:" line,
//! Outlook's "-----Original Message-----" or its "From: … Sent: …" block.
//! Everything from the first such marker down is the quoted thread.

/// `(own text, quoted text)`; the quoted part is `None` when there is none.
pub fn split(body: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = body.lines().collect();
    let Some(cut) = (0..lines.len()).find(|&i| starts_quote(&lines, i)) else {
        return (body.trim().to_string(), None);
    };
    let own = lines[..cut].join("\n").trim().to_string();
    let quoted: Vec<&str> = lines[cut..]
        .iter()
        .map(|l| l.trim_start_matches(['>', ' ']))
        .filter(|l| !is_attribution(l) && !l.trim().starts_with("-----Original Message-----"))
        .collect();
    let quoted = quoted.join("\n").trim().to_string();
    (own, (!quoted.is_empty()).then_some(quoted))
}

fn starts_quote(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    if line.starts_with('>') {
        return true;
    }
    if line.starts_with("-----Original Message-----") || line.starts_with("________________________________") {
        return true;
    }
    // "On Mon, 7 Sep 2026, Sam <sam@example.com> wrote:" may wrap over two lines.
    let joined = match lines.get(i + 1) {
        Some(next) => format!("{line} {}", next.trim()),
        None => line.to_string(),
    };
    if is_attribution(line) || (line.starts_with("On ") && is_attribution(&joined) && line.len() > 3) {
        return true;
    }
    // Outlook: "From: …" followed within two lines by "Sent: …" or "Date: …".
    line.starts_with("From:")
        && lines[i + 1..].iter().take(2).any(|l| {
            let l = l.trim();
            l.starts_with("Sent:") || l.starts_with("Date:")
        })
}

/// "On … wrote:" and its common translations.
fn is_attribution(line: &str) -> bool {
    let line = line.trim();
    let starts = ["On ", "Am ", "Le ", "El ", "Op "];
    let verbs = ["wrote", "schrieb", "a écrit", "escribió", "schreef"];
    starts.iter().any(|s| line.starts_with(s)) && line.ends_with(':') && verbs.iter().any(|v| line.contains(v))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn quoted_threads_are_cut_off() {
        let gmail = "Hi Sam,\n\nYour table is booked.\n\nOn Mon, 7 Sep 2026 at 10:00, Sam <sam@example.com> wrote:\n> Can I book a table?\n> Thanks";
        assert_eq!(
            split(gmail),
            ("Hi Sam,\n\nYour table is booked.".into(), Some("Can I book a table?\nThanks".into()))
        );
        let wrapped = "Yes.\n\nOn Mon, 7 Sep 2026 at 10:00, Sam Example\n<sam@example.com> wrote:\n> Open Sunday?";
        assert_eq!(split(wrapped).0, "Yes.");
        let outlook = "Refund sent.\n\nFrom: Sam <sam@example.com>\nSent: Monday, 7 September 2026 10:00\nTo: shop\nSubject: refund\n\nWhere is my refund?";
        let (own, quoted) = split(outlook);
        assert_eq!(own, "Refund sent.");
        assert!(quoted.unwrap().contains("Where is my refund?"));
        let german = "Gerne.\n\nAm 07.09.2026 um 10:00 schrieb Sam <sam@example.com>:\n> Haben Sie offen?";
        assert_eq!(split(german).0, "Gerne.");
        assert_eq!(split("Just text.\nNo thread."), ("Just text.\nNo thread.".into(), None));
        // "From:" in the middle of a sentence line is not Outlook's block.
        assert_eq!(split("From: our team, thanks!").1, None);
    }
}
