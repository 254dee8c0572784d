//! A table that stays a table on a narrow screen: it scrolls sideways in
//! its own region (named, reachable by keyboard), never the whole page.

use leptos::prelude::*;

#[component]
pub fn ScrollTable(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! { <div class="table-wrap" role="region" tabindex="0" aria-label=label>{children()}</div> }
}
