use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::auth::Login,
    components::form::{action_error, Field, FormError},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    // The page asked for before logging in, to return to afterwards.
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Log in"/>
        <section class="narrow">
            <h1>"Log in"</h1>
            <ActionForm action=login attr:class="form card" attr:aria-label="Log in">
                <FormError error/>
                <input type="hidden" name="next" value=next/>
                <Field label="Email" name="email" kind="email" error autocomplete="username"/>
                <Field label="Password" name="password" kind="password" error autocomplete="current-password"/>
                <button type="submit" class="button primary" disabled=move || login.pending().get()>"Log in"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
        </section>
    }
}
