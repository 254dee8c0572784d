//! A person's own account: change their password.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::team::ChangePassword,
    components::form::{action_error, Field, FormError},
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Title text="Your account"/>
        <section class="narrow">
            <h1>"Your account"</h1>
            <ActionForm action=change attr:class="form card" attr:aria-label="Change your password">
                <h2>"Change your password"</h2>
                <FormError error/>
                <Show when=done>
                    <p class="notice notice-ok" role="status">"Your password is changed."</p>
                </Show>
                <Field label="Current password" name="current" kind="password" error autocomplete="current-password"/>
                <Field label="New password" name="new_password" kind="password" error autocomplete="new-password"
                    hint="At least 10 characters."/>
                <Field label="New password again" name="new_again" kind="password" error autocomplete="new-password"/>
                <button type="submit" class="button primary">"Change password"</button>
            </ActionForm>
        </section>
    }
}
