//! "Audit your AI touchpoints": the usual places AI shows up in a small
//! business, ticked off and turned into touchpoints with sensible defaults.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::touchpoints::{onboarding_templates, CreateFromTemplates},
    components::{form::action_error, token::TokenNotice},
    pages::ErrorNotice,
};

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let templates = crate::data::load(|| (), |_| onboarding_templates());
    let create = ServerAction::<CreateFromTemplates>::new();
    let error = action_error(create);
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text="Audit your AI touchpoints"/>
        <section class="narrow wide">
            <h1>"Audit your AI touchpoints"</h1>
            <p class="lead">"Where does AI already write or decide things for your business? Tick every place that applies. "
                "Each one becomes a touchpoint with sensible review settings you can change later."</p>
            <Show when=move || created().is_none() fallback=move || view! { <Created list=created().unwrap_or_default()/> }>
                <Transition fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match templates.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(list) => view! {
                                <ActionForm action=create attr:class="form card" attr:aria-label="AI touchpoints checklist">
                                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
                                    <ul class="audit-list">
                                        {list.into_iter().enumerate().map(|(i, t)| {
                                            let id = format!("audit-{}", t.key);
                                            view! {
                                                <li>
                                                    <input type="checkbox" id=id.clone() name=format!("keys[{i}]") value=t.key.clone()/>
                                                    <label for=id>
                                                        <strong>{t.name.clone()}</strong>
                                                        <span class="sub">{t.explain.clone()}</span>
                                                        <span class="sub">{format!("Starts as: {}, {} stakes.",
                                                            t.policy.label(), t.stakes)}</span>
                                                    </label>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <div class="actions">
                                        <button type="submit" class="button primary">"Add the ticked touchpoints"</button>
                                        <a class="button" href="/">"Skip for now"</a>
                                    </div>
                                    <p class="hint">"You can come back to this list any time from the Touchpoints page."</p>
                                </ActionForm>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </section>
    }
}

#[component]
fn Created(list: Vec<crate::api::touchpoints::NewToken>) -> impl IntoView {
    view! {
        <p class="notice notice-ok" role="status">{format!("Added {} touchpoints.", list.len())}</p>
        {list.into_iter().map(|t| view! { <TokenNotice token=t fresh=true/> }).collect_view()}
        <p>
            <a class="button primary" href="/touchpoints">"See your touchpoints"</a>
        </p>
    }
}
