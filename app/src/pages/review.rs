use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <Title text="Review"/>
        <h1>"Review"</h1>
        <div class="empty-state">
            <p>"Your review queue is empty."</p>
            <p class="hint">"Each week Second Look picks a sample of your AI's outputs for a person to check. They will appear here."</p>
        </div>
    }
}
