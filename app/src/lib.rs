//! Second Look's user interface: pages, components and the server functions
//! they call. Server-only code sits behind the `ssr` feature.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod data;
pub mod error;
pub mod next;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod text;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::Router;

use crate::components::layout::Layout;

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="secondlook" href=format!("/pkg/{}.css", options.output_name)/>
                <script nonce=leptos::nonce::use_nonce() inner_html=components::layout::MENU_SCRIPT></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // A marker the browser tests wait for before they click anything.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Second Look".to_string() } else { format!("{page} · Second Look") }/>
        <Router>
            <Layout/>
        </Router>
    }
}
