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

/// Label, hint and error message around one control. `field` is the name the
/// server uses in its errors; `id` the control's id.
#[component]
pub fn FieldShell(
    label: &'static str,
    id: String,
    field: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: &'static str,
    children: Children,
) -> impl IntoView {
    let message = move || error.get().and_then(|e| e.for_field(field));
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            {children()}
            <p class="field-error" id=format!("{id}-error") aria-live="polite">{message}</p>
        </div>
    }
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
    let invalid = move || error.get().and_then(|e| e.for_field(name)).is_some();
    view! {
        <FieldShell label id=id.clone() field=name error hint>
            <input id=id.clone() type=kind name=name value=value.clone() required=true autocomplete=autocomplete
                aria-invalid=move || if invalid() { "true" } else { "false" } aria-describedby=format!("{id}-error")/>
        </FieldShell>
    }
}

/// A `<select>` of (value, label) pairs.
#[component]
pub fn Choice(
    name: &'static str,
    id: String,
    options: Vec<(String, String)>,
    selected: String,
    #[prop(optional)] on_change: Option<Callback<String>>,
) -> impl IntoView {
    view! {
        <select id=id name=name on:change=move |ev| { if let Some(cb) = on_change { cb.run(event_target_value(&ev)) } }>
            {options.into_iter().map(|(value, label)| {
                let is = value == selected;
                view! { <option value=value selected=is>{label}</option> }
            }).collect_view()}
        </select>
    }
}

/// (value, label) choices, optionally after a first "automatic" choice.
pub fn options(list: Vec<(String, String)>, automatic: Option<&str>) -> Vec<(String, String)> {
    automatic.map(|label| (String::new(), label.to_string())).into_iter().chain(list).collect()
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
