//! The home page: what is waiting for a person right now, and the way to
//! each part of the product. (The per-touchpoint overview with charts
//! replaces the first card in the drift issue.)

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::approvals::waiting_work, components::layout::SessionResource};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = expect_context::<SessionResource>();
    let work = Resource::new(|| (), |_| waiting_work());
    view! {
        <Title text="Dashboard"/>
        <h1>"Dashboard"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let name = session.await.ok().and_then(|s| s.me).map(|m| m.name).unwrap_or_default();
                let w = work.await.unwrap_or_default();
                view! {
                    <p class="lead">"Hello, " {name} "."</p>
                    <div class="cards">
                        <section class="card">
                            <h2>"Awaiting approval"</h2>
                            <p data-testid="awaiting">{match w.awaiting {
                                0 => "Nothing is waiting for approval.".to_string(),
                                1 => "1 output is waiting for a person's yes.".to_string(),
                                n => format!("{n} outputs are waiting for a person's yes."),
                            }}
                            {(w.overdue > 0).then(|| view! { " " <strong>{format!("{} overdue.", w.overdue)}</strong> })}</p>
                            <a class="button" href="/approvals">"Open approvals"</a>
                        </section>
                        {w.open_alerts.map(|n| view! {
                            <section class="card">
                                <h2>"Alerts"</h2>
                                <p>{if n == 0 { "No open alerts.".to_string() } else { format!("{n} open alert{} to look at.", if n == 1 { "" } else { "s" }) }}</p>
                                <a class="button" href="/alerts">"See alerts"</a>
                            </section>
                        })}
                    </div>
                }
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
                <p>"A sample of last week's outputs, drawn when the week ends, waits under Review."</p>
                <a class="button" href="/review">"Open the review queue"</a>
            </section>
        </div>
    }
}
