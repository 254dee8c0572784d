use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TouchpointsPage() -> impl IntoView {
    view! {
        <Title text="Touchpoints"/>
        <h1>"Touchpoints"</h1>
        <div class="empty-state">
            <p>"No touchpoints yet."</p>
            <p class="hint">"A touchpoint is one place where AI produces something for your business: an email reply, a chatbot, a booking tool."</p>
        </div>
    }
}
