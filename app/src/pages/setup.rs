//! First run: name the business, pick its time zone, create the owner.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::auth::SetupBusiness,
    components::{
        form::{action_error, Field, FormError},
        timezone::{zone_names, TimezoneField},
    },
};

#[component]
pub fn SetupPage() -> impl IntoView {
    let setup = ServerAction::<SetupBusiness>::new();
    let error = action_error(setup);
    let zones = zone_names();
    view! {
        <Title text="Set up"/>
        <section class="narrow">
            <h1>"Welcome to Second Look"</h1>
            <p class="lead">
                "Second Look keeps a person's eye on what your AI tools say to customers. "
                "First, tell us about your business and create your owner account. It takes a minute."
            </p>
            <ActionForm action=setup attr:class="form card" attr:aria-label="Set up your business">
                <FormError error/>
                <fieldset>
                    <legend>"Your business"</legend>
                    <Field label="Business name" name="business_name" error autocomplete="organization"/>
                    <TimezoneField error zones/>
                </fieldset>
                <fieldset>
                    <legend>"Your owner account"</legend>
                    <Field label="Your name" name="owner_name" error autocomplete="name"/>
                    <Field label="Your email" name="owner_email" kind="email" error autocomplete="email"/>
                    <Field label="Password" name="password" kind="password" error autocomplete="new-password"
                        hint="At least 10 characters. A short sentence is easy to remember."/>
                    <Field label="Password again" name="password_again" kind="password" error autocomplete="new-password"/>
                </fieldset>
                <button type="submit" class="button primary" disabled=move || setup.pending().get()>
                    {move || if setup.pending().get() { "Setting up…" } else { "Create my business" }}
                </button>
            </ActionForm>
        </section>
    }
}
