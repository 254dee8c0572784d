//! Adding one touchpoint by hand.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::touchpoints::{CreateTouchpoint, TouchpointInput},
    components::{
        form::{action_error, FormError},
        token::TokenNotice,
        touchpoint_form::TouchpointFields,
    },
};

#[component]
pub fn NewTouchpointPage() -> impl IntoView {
    let create = ServerAction::<CreateTouchpoint>::new();
    let error = action_error(create);
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text="Add a touchpoint"/>
        <h1>"Add a touchpoint"</h1>
        <Show
            when=move || created().is_some()
            fallback=move || view! {
                <ActionForm action=create attr:class="form card" attr:aria-label="New touchpoint">
                    <FormError error/>
                    <TouchpointFields form=TouchpointInput::default() error creating=true/>
                    <button type="submit" class="button primary">"Add touchpoint"</button>
                </ActionForm>
            }
        >
            {move || created().map(|t| view! {
                <TokenNotice token=t.clone() fresh=true/>
                <p><a class="button primary" href=format!("/touchpoints/{}", t.id)>{format!("Open {}", t.name)}</a></p>
            })}
        </Show>
    }
}
