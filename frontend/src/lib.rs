//! The client bundle: it only hydrates what the server rendered.
// Leptos view types nest deeply; the touchpoint page needs more than the default.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
