//! What the fact checks found in an output: the list, and the output with
//! each finding's span marked. The text stays text (escaped, hidden
//! characters made visible); only the marks are markup.

use leptos::prelude::*;
use model::facts::{Finding, KeptFinding};

use crate::{
    api::facts::DismissFinding,
    components::{
        clock::Clock,
        form::{action_error, FormError},
    },
};

/// "The fact checks found…" with one line per finding; each can be marked
/// "not a problem" (with an optional reason), which is kept and audited.
#[component]
pub fn FindingList(findings: Vec<KeptFinding>, clock: Clock) -> impl IntoView {
    let open = findings.iter().filter(|f| f.dismissed.is_none()).count();
    (!findings.is_empty()).then(|| {
        let heading = match open {
            0 => "Every finding of the fact checks was marked not a problem:".to_string(),
            1 => "The fact checks found 1 thing to look at:".to_string(),
            n => format!("The fact checks found {n} things to look at:"),
        };
        view! {
            <div class="notice notice-warn findings" role="note" data-testid="findings">
                <p><strong>{heading}</strong></p>
                <ul>{findings.into_iter().map(|f| view! { <FindingLine f clock=clock.clone()/> }).collect_view()}</ul>
            </div>
        }
    })
}

#[component]
fn FindingLine(f: KeptFinding, clock: Clock) -> impl IntoView {
    let dismiss = ServerAction::<DismissFinding>::new();
    let error = action_error(dismiss);
    let marked = move || matches!(dismiss.value().get(), Some(Ok(())));
    let status = match &f.dismissed {
        Some(d) => {
            let why = if d.note.is_empty() { String::new() } else { format!(": {}", d.note) };
            view! { <span class="dismissed">{format!("Not a problem — {}, {}{why}", d.by, clock.when(d.at))}</span> }
                .into_any()
        }
        None => {
            let id = f.id;
            (move || {
                if marked() {
                    return view! { <span class="dismissed" role="status">"Marked not a problem."</span> }.into_any();
                }
                let note_id = format!("finding-note-{id}");
                view! {
                    <details class="dismiss">
                        <summary>"Not a problem?"</summary>
                        <ActionForm action=dismiss attr:class="inline-form" attr:aria-label="Mark this finding as not a problem">
                            <FormError error/>
                            <input type="hidden" name="id" value=id/>
                            <label for=note_id.clone()>"Why it is fine (optional)"</label>
                            <input id=note_id type="text" name="note" maxlength="1000"/>
                            <button type="submit" class="button small">"Mark not a problem"</button>
                        </ActionForm>
                    </details>
                }
                .into_any()
            })
            .into_any()
        }
    };
    view! {
        <li data-check=f.finding.check.as_str() class:is-dismissed=f.dismissed.is_some()>
            <span class="badge">{f.finding.check.label()}</span>" "<span class="finding-message">{f.finding.message.clone()}</span>" "
            {status}
        </li>
    }
}

/// The output with each standing finding's span in a `<mark>` (its message
/// as the title); spans that overlap or do not fall on character boundaries
/// are merged or left unmarked, never cut inside a character.
#[component]
pub fn MarkedText(text: String, findings: Vec<KeptFinding>) -> impl IntoView {
    let standing: Vec<Finding> = findings.into_iter().filter(|f| f.dismissed.is_none()).map(|f| f.finding).collect();
    let pieces = pieces(&text, &standing);
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
