//! Form pieces: labelled fields whose error message sits right under them.

use leptos::prelude::*;

use crate::error::AppError;

/// The error of an action's last submission, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r: Result<O, AppError>| r.err()))
}

/// A labelled input with its hint and its error message.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] value: String,
) -> impl IntoView {
    let id = format!("field-{name}");
    let message = move || error.get().and_then(|e| e.for_field(name));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            <input
                id=id.clone()
                type=kind
                name=name
                value=value
                required=true
                autocomplete=autocomplete
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=format!("{id}-error")
            />
            <p class="field-error" id=format!("{id}-error") aria-live="polite">{message}</p>
        </div>
    }
}

/// A form-wide message for errors that are not about one field.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let message = move || error.get().filter(|e| !e.is_field_error()).map(|e| e.to_string());
    view! {
        <Show when=move || message().is_some()>
            <p class="form-error" role="alert">{message}</p>
        </Show>
    }
}
