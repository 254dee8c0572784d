//! One module per page.

pub mod account;
pub mod alerts;
pub mod approval;
pub mod approvals;
pub mod audit;
pub mod dashboard;
pub mod decide;
pub mod export;
pub mod facts;
pub mod import;
pub mod login;
pub mod monthly;
pub mod not_found;
pub mod onboarding;
pub mod outbox;
pub mod password_reset;
pub mod review;
pub mod review_item;
pub mod settings;
pub mod setup;
pub mod team;
pub mod touchpoint;
pub mod touchpoint_capture;
pub mod touchpoint_checks;
pub mod touchpoint_drift;
pub mod touchpoint_gate;
pub mod touchpoint_new;
pub mod touchpoint_quality;
pub mod touchpoints;

use leptos::prelude::*;

use crate::error::AppError;

/// How a page says it could not load: plain words and the way forward.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let login = matches!(error, AppError::Unauthenticated(_));
    let here = leptos_router::hooks::use_location();
    let back = move || {
        let search = here.search.get();
        let query = if search.is_empty() { String::new() } else { format!("?{search}") };
        crate::next::login_returning_to(&format!("{}{query}", here.pathname.get()))
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.to_string()}</p>
            {login.then(|| view! { <p><a href=back>"Log in"</a></p> })}
        </div>
    }
}
