//! A touchpoint's guidelines beside an output under review or approval.

use leptos::prelude::*;

/// The touchpoint's guidelines: folded when long, so the output and the
/// verdict stay near each other on a phone; nothing when there are none.
#[component]
pub fn Guidelines(text: String) -> impl IntoView {
    let long = text.chars().count() > 280 || text.lines().count() > 4;
    match (text.trim().is_empty(), long) {
        (true, _) => None,
        (false, false) => Some(view! { <p class="guidelines">{text}</p> }.into_any()),
        (false, true) => Some(
            view! {
                <details class="guidelines-folded">
                    <summary>"Read the guidelines"</summary>
                    <p class="guidelines">{text}</p>
                </details>
            }
            .into_any(),
        ),
    }
}
