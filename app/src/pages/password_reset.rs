//! "Forgot your password?" (/forgot-password) and the page its emailed link
//! opens (/reset-password?token=…).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::auth::{password_reset_available, password_reset_link_live, RequestPasswordReset, UsePasswordReset},
    components::form::{action_error, Field, FormError},
    pages::ErrorNotice,
};

const ASK_THE_OWNER: &str =
    "The business owner can also set a new password for you from the Team page, or with `secondlook user reset-password` on the server.";

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let available = crate::data::load(|| (), |_| password_reset_available());
    let send = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(send);
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <Title text="Forgot your password"/>
        <section class="narrow">
            <h1>"Forgot your password?"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || available.get().map(|a| match a {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(false) => view! {
                        <p class="notice notice-warn">"This Second Look does not send email yet, so it cannot email you a link."</p>
                        <p>{ASK_THE_OWNER}</p>
                    }.into_any(),
                    Ok(true) => view! {
                        <ActionForm action=send attr:class="form card" attr:aria-label="Email me a link">
                            <FormError error/>
                            <Show when=sent>
                                <p class="notice notice-ok" role="status">
                                    "If that address belongs to someone on the team, a link to set a new password is on its way. It works once, within one hour."
                                </p>
                            </Show>
                            <Field label="Your email" name="email" kind="email" error autocomplete="username"/>
                            <button type="submit" class="button primary" disabled=move || send.pending().get()>"Email me a link"</button>
                        </ActionForm>
                        <p class="hint">{ASK_THE_OWNER}</p>
                    }.into_any(),
                })}
            </Suspense>
            <p><a href="/login">"Back to log in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let live = crate::data::load(token, password_reset_link_live);
    let reset = ServerAction::<UsePasswordReset>::new();
    let error = action_error(reset);
    view! {
        <Title text="Set a new password"/>
        <section class="narrow">
            <h1>"Set a new password"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || live.get().map(|l| match l {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(false) => view! {
                        <p class="notice notice-error" role="alert">"This link has expired or has already been used."</p>
                        <p><a href="/forgot-password">"Ask for a new link"</a></p>
                    }.into_any(),
                    Ok(true) => view! {
                        <ActionForm action=reset attr:class="form card" attr:aria-label="Set a new password">
                            <FormError error/>
                            <input type="hidden" name="token" value=token()/>
                            <Field label="New password" name="password" kind="password" error autocomplete="new-password"
                                hint="At least 10 characters."/>
                            <Field label="New password again" name="password_again" kind="password" error autocomplete="new-password"/>
                            <button type="submit" class="button primary" disabled=move || reset.pending().get()>"Set password and log in"</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
