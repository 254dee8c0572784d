//! Lessons for the AI tool: a touchpoint's failure notes grouped by what was
//! wrong, and the same list as plain text in a box to copy into the tool's
//! instructions. Reviewers' notes are shown as text, never markup.

use leptos::prelude::*;
use model::lessons::{as_text, Lesson};

#[component]
pub fn Lessons(lessons: Vec<Lesson>, period: &'static str, id: &'static str) -> impl IntoView {
    let text = as_text(&lessons);
    let heading = format!("{id}-heading");
    let copy = format!("{id}-text");
    view! {
        <div class="lessons" data-testid="lessons">
            <h3 id=heading.clone()>{format!("Lessons for the AI tool ({period})")}</h3>
            {if lessons.is_empty() {
                view! { <p class="hint">"No failures with notes yet: nothing to teach the tool."</p> }.into_any()
            } else {
                view! {
                    <ul class="lesson-list" aria-labelledby=heading>
                        {lessons.iter().map(|l| view! {
                            <li>
                                <strong>{format!("{} ({} failed", l.category.label(), l.failures)}
                                    {(l.without_note > 0).then(|| format!(", {} without a note", l.without_note))}")"</strong>
                                <ul>{l.notes.iter().map(|n| view! { <li>{n.line()}</li> }).collect_view()}</ul>
                            </li>
                        }).collect_view()}
                    </ul>
                    {(!text.is_empty()).then(|| view! {
                        <div class="field">
                            <label for=copy.clone()>"To copy into the AI tool's instructions"</label>
                            <textarea id=copy readonly rows="6">{text.clone()}</textarea>
                        </div>
                    })}
                }.into_any()
            }}
        </div>
    }
}
