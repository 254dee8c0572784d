//! The owner's home page. For now it greets and points at the next steps;
//! the touchpoint overview arrives with the touchpoint registry.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::SessionResource;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = expect_context::<SessionResource>();
    view! {
        <Title text="Dashboard"/>
        <h1>"Dashboard"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let name = session.await.ok().and_then(|s| s.me).map(|m| m.name).unwrap_or_default();
                view! { <p class="lead">"Hello, " {name} "."</p> }
            })}
        </Transition>
        <div class="cards">
            <section class="card">
                <h2>"Your AI touchpoints"</h2>
                <p>"List every place where AI writes to your customers or runs part of your business. "
                   "Everything else in Second Look hangs on that list."</p>
                <a class="button" href="/touchpoints">"Go to touchpoints"</a>
            </section>
            <section class="card">
                <h2>"This week's spot check"</h2>
                <p>"Nothing to review yet. Once outputs flow in, a weekly sample shows up under Review."</p>
                <a class="button" href="/review">"Open the review queue"</a>
            </section>
        </div>
    }
}
