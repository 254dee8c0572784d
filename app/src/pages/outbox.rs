//! /outbox: every email Second Look queued, newest first, with its state,
//! attempts and last problem; failed or waiting ones can be sent again.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::outbox::{list_outbox, OutboxEmail, RetryEmail},
    components::{
        clock::{Clock, ClockSource},
        form::{action_error, FormError},
    },
    pages::ErrorNotice,
};

#[component]
pub fn OutboxPage() -> impl IntoView {
    let retry = ServerAction::<RetryEmail>::new();
    let outbox = crate::data::load(move || retry.version().get(), |_| list_outbox());
    let error = action_error(retry);
    let clock = ClockSource::new();
    view! {
        <Title text="Email outbox"/>
        <h1>"Email outbox"</h1>
        <FormError error/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let clock = clock.get().await;
                match outbox.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(o) => view! {
                        {(!o.sending).then(|| view! {
                            <p class="notice notice-warn">"No email server is set up (SECONDLOOK_SMTP_URL), so emails wait here. You can read each one below."</p>
                        })}
                        {if o.emails.is_empty() {
                            view! { <p class="empty-state">"No emails yet."</p> }.into_any()
                        } else {
                            view! { <ul class="alert-list">{o.emails.into_iter().map(|e| view! { <Email e clock=clock.clone() retry/> }).collect_view()}</ul> }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Email(e: OutboxEmail, clock: Clock, retry: ServerAction<RetryEmail>) -> impl IntoView {
    let state = match (e.state.as_str(), &e.sent_at) {
        ("sent", Some(at)) => format!("Sent {}", clock.when(*at)),
        ("failed", _) => format!("Not sent ({} {})", e.attempts, if e.attempts == 1 { "try" } else { "tries" }),
        _ if e.attempts > 0 => format!("Waiting to try again ({} tries so far)", e.attempts),
        _ => "Waiting to be sent".to_string(),
    };
    view! {
        <li class="alert-item" class:alert-open=e.state != "sent">
            <p class="alert-title"><strong>{e.subject.clone()}</strong></p>
            <p class="hint">{format!("To {} · queued {} · {state}", e.to, clock.when(e.created_at))}</p>
            {e.last_error.clone().filter(|_| e.state != "sent").map(|err| view! { <p>{format!("Last problem: {err}")}</p> })}
            <details>
                <summary>"Read it"</summary>
                <div class="email-text">{e.text.clone()}</div>
            </details>
            {(e.state != "sent").then(|| view! {
                <ActionForm action=retry attr:class="inline-form">
                    <input type="hidden" name="id" value=e.id/>
                    <button type="submit" class="button small">"Send again now"</button>
                </ActionForm>
            })}
        </li>
    }
}
