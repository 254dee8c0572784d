//! Showing an ingest token the one time it exists in clear.

use leptos::prelude::*;

use crate::api::touchpoints::NewToken;

#[component]
pub fn TokenNotice(token: NewToken, fresh: bool) -> impl IntoView {
    view! {
        <div class="notice notice-ok" role="status">
            <p>{if fresh { format!("\"{}\" is added.", token.name) } else { format!("\"{}\" has a new connection key.", token.name) }}</p>
            <p>"Its connection key (ingest token), shown only this once — copy it into the tool that sends outputs:"</p>
            <p><code class="secret token" data-token=token.token.clone()>{token.token.clone()}</code></p>
            <p class="hint">"Lost it? Make a new one on the touchpoint's page; the old one then stops working."</p>
        </div>
    }
}
