//! What the fact checks found in an output: the list, and the output with
//! each finding's span marked. The text stays text (escaped, hidden
//! characters made visible); only the marks are markup.

use leptos::prelude::*;
use model::facts::Finding;

/// "Checked against your facts" with one line per finding.
#[component]
pub fn FindingList(findings: Vec<Finding>) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <div class="notice notice-warn findings" role="note" data-testid="findings">
                <p><strong>{format!("The fact checks found {} thing{} to look at:", findings.len(), if findings.len() == 1 { "" } else { "s" })}</strong></p>
                <ul>
                    {findings.into_iter().map(|f| view! {
                        <li data-check=f.check.as_str()><span class="badge">{f.check.label()}</span>" "{f.message}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// The output with each finding's span in a `<mark>` (its message as the
/// title); spans that overlap or do not fall on character boundaries are
/// merged or left unmarked, never cut inside a character.
#[component]
pub fn MarkedText(text: String, findings: Vec<Finding>) -> impl IntoView {
    let pieces = pieces(&text, &findings);
    view! {
        <div class="ai-text" data-testid="output">
            {pieces.into_iter().map(|(piece, note)| match note {
                Some(why) => view! { <mark class="finding" title=why>{plaintext::reveal(&piece).into_owned()}</mark> }.into_any(),
                None => plaintext::reveal(&piece).into_owned().into_any(),
            }).collect_view()}
        </div>
    }
}

/// The text cut at the findings' edges: (piece, why it is marked).
fn pieces(text: &str, findings: &[Finding]) -> Vec<(String, Option<String>)> {
    let mut spans: Vec<(usize, usize, String)> = findings
        .iter()
        .filter(|f| {
            f.start < f.end && f.end <= text.len() && text.is_char_boundary(f.start) && text.is_char_boundary(f.end)
        })
        .filter(|f| f.end - f.start < text.len() || findings.len() == 1)
        .map(|f| (f.start, f.end, f.message.clone()))
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, why) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push((text[at..start].to_string(), None));
        }
        out.push((text[start..end].to_string(), Some(why)));
        at = end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::facts::Check;

    #[test]
    fn marks_cut_the_text_at_the_spans() {
        let f = |s, e| Finding { check: Check::Price, start: s, end: e, message: "why".into() };
        let p = pieces("A loaf is £4.50 today", &[f(10, 16)]);
        assert_eq!(p.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["A loaf is ", "£4.50", " today"]);
        assert_eq!(pieces("é", &[f(0, 1)]).len(), 1, "not on a character boundary: unmarked");
    }
}
