//! The business's clock for a page's times. A page takes [`ClockSource`] in
//! its body and awaits it inside its own `Suspend`, beside its data, so the
//! server and the browser format every time alike.

use leptos::prelude::*;
pub use model::clock::Clock;

use crate::components::layout::SessionResource;

#[derive(Clone, Copy)]
pub struct ClockSource(Option<SessionResource>);

impl ClockSource {
    /// Call in a component's body (it reads the context).
    pub fn new() -> Self {
        ClockSource(use_context::<SessionResource>())
    }

    /// The clock, or UTC when the session cannot be read.
    pub async fn get(self) -> Clock {
        match self.0 {
            Some(session) => session.await.map(|s| s.clock).unwrap_or_default(),
            None => Clock::default(),
        }
    }
}

impl Default for ClockSource {
    fn default() -> Self {
        Self::new()
    }
}
