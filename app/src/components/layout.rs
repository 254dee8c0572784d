//! The frame of every page: the header with the business name, the main
//! sections and the account menu, then the page itself.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes, A},
    hooks::use_location,
    path,
};

use crate::{
    api::auth::{get_session, Logout, SessionInfo},
    pages,
};

/// The session, reloaded on every navigation (cheap: one small query).
pub type SessionResource = crate::data::Data<Result<SessionInfo, crate::error::AppError>>;

#[component]
pub fn Layout() -> impl IntoView {
    let location = use_location();
    let session: SessionResource = crate::data::load(move || location.pathname.get(), |_| get_session());
    provide_context(session);
    view! {
        <a class="skip-link" href="#main">"Skip to the page"</a>
        <header class="site-header">
            <Transition fallback=|| view! { <span class="brand">"Second Look"</span> }>
                {move || Suspend::new(async move {
                    let info = session.await.unwrap_or_default();
                    view! { <Header info/> }
                })}
            </Transition>
        </header>
        <main id="main" class="page">
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::dashboard::DashboardPage/>
                <Route path=path!("/setup") view=pages::setup::SetupPage/>
                <Route path=path!("/login") view=pages::login::LoginPage/>
                <Route path=path!("/forgot-password") view=pages::password_reset::ForgotPasswordPage/>
                <Route path=path!("/reset-password") view=pages::password_reset::ResetPasswordPage/>
                <Route path=path!("/decide") view=pages::decide::DecidePage/>
                <Route path=path!("/review") view=pages::review::ReviewPage/>
                <Route path=path!("/review/:id") view=pages::review_item::ReviewItemPage/>
                <Route path=path!("/touchpoints") view=pages::touchpoints::TouchpointsPage/>
                <Route path=path!("/touchpoints/new") view=pages::touchpoint_new::NewTouchpointPage/>
                <Route path=path!("/touchpoints/:id") view=pages::touchpoint::TouchpointPage/>
                <Route path=path!("/touchpoints/:id/import") view=pages::import::ImportPage/>
                <Route path=path!("/onboarding") view=pages::onboarding::OnboardingPage/>
                <Route path=path!("/team") view=pages::team::TeamPage/>
                <Route path=path!("/audit") view=pages::audit::AuditPage/>
                <Route path=path!("/export") view=pages::export::ExportPage/>
                <Route path=path!("/alerts") view=pages::alerts::AlertsPage/>
                <Route path=path!("/approvals") view=pages::approvals::ApprovalsPage/>
                <Route path=path!("/approvals/:id") view=pages::approval::ApprovalPage/>
                <Route path=path!("/settings") view=pages::settings::SettingsPage/>
                <Route path=path!("/settings/facts") view=pages::facts::FactsPage/>
                <Route path=path!("/monthly/:month") view=pages::monthly::MonthlyPage/>
                <Route path=path!("/outbox") view=pages::outbox::OutboxPage/>
                <Route path=path!("/account") view=pages::account::AccountPage/>
            </Routes>
        </main>
    }
}

/// The name of the section a path belongs to, shown beside the menu
/// button on a narrow screen.
fn section_name(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "" => "Dashboard",
        "review" => "Review",
        "approvals" => "Approvals",
        "touchpoints" | "onboarding" => "Touchpoints",
        "alerts" => "Alerts",
        "team" => "Team",
        "audit" => "Audit log",
        "export" => "Export",
        "outbox" => "Email",
        "settings" => "Settings",
        "monthly" => "Monthly review",
        "account" => "Your account",
        "decide" => "Decide",
        "login" | "forgot-password" | "reset-password" => "Log in",
        "setup" => "Setup",
        _ => "",
    }
}

/// The header: on a wide screen the sections and the account in a row; on
/// a narrow one the business, the current section and a Menu button that
/// folds them away. The button works before the client bundle loads: the
/// small script in the page head (`MENU_SCRIPT`) flips its `aria-expanded`,
/// and the stylesheet shows the menu from that.
#[component]
fn Header(info: SessionInfo) -> impl IntoView {
    let business = info.business_name.clone().unwrap_or_else(|| "Second Look".into());
    let here = section_name(&use_location().pathname.get_untracked());
    let logout = ServerAction::<Logout>::new();
    let nav = info.me.clone().map(|me| {
        let owner = me.is_owner();
        let senior = owner || me.role == model::user::Role::Senior;
        view! {
            <span class="current-section" aria-hidden="true">{here}</span>
            <button type="button" class="menu-button" aria-expanded="false" aria-controls="site-menu">
                <span class="menu-icon" aria-hidden="true">"☰"</span>" Menu"
            </button>
            <div id="site-menu" class="site-menu">
                <nav aria-label="Main sections" class="main-nav">
                    <A href="/">"Dashboard"</A>
                    <A href="/review">"Review"</A>
                    <A href="/approvals">"Approvals"</A>
                    <A href="/touchpoints">"Touchpoints"</A>
                    {senior.then(|| view! { <A href="/alerts">"Alerts"</A> })}
                    {owner.then(|| view! { <A href="/team">"Team"</A> <A href="/audit">"Audit log"</A> <A href="/outbox">"Email"</A> <A href="/settings">"Settings"</A> })}
                </nav>
                <div class="account">
                    <A href="/account" attr:class="who">
                        <span class="who-name">{me.name.clone()}</span>
                        <span class="role-badge">{me.role.as_str()}</span>
                    </A>
                    <ActionForm action=logout>
                        <button type="submit" class="link-button">"Log out"</button>
                    </ActionForm>
                </div>
            </div>
        }
    });
    view! {
        <div class="header-inner">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◎"</span>
                <span class="brand-name">{business}</span>
                <span class="brand-sub">"Second Look"</span>
            </a>
            {nav}
        </div>
    }
}

/// Opens and closes the narrow-screen menu with no client bundle: one
/// listener on the document, so it also works for a header the app has
/// re-rendered. Following a link or pressing Escape closes it.
pub const MENU_SCRIPT: &str = "(function(){\
function close(focus){var o=document.querySelector('.menu-button[aria-expanded=\"true\"]');\
if(o){o.setAttribute('aria-expanded','false');if(focus)o.focus();}}\
document.addEventListener('click',function(e){var t=e.target;if(!t.closest)return;\
var b=t.closest('.menu-button');\
if(b){b.setAttribute('aria-expanded',b.getAttribute('aria-expanded')==='true'?'false':'true');return;}\
if(t.closest('.site-menu a'))close(false);});\
document.addEventListener('keydown',function(e){if(e.key==='Escape')close(true);});})();";

#[cfg(test)]
mod tests {
    use super::section_name;

    #[test]
    fn every_path_names_its_section() {
        assert_eq!(section_name("/"), "Dashboard");
        assert_eq!(section_name("/review/12"), "Review");
        assert_eq!(section_name("/touchpoints/3/import"), "Touchpoints");
        assert_eq!(section_name("/monthly/2026-11"), "Monthly review");
        assert_eq!(section_name("/nowhere"), "");
    }
}
