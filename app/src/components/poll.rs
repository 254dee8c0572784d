//! Polling a long job's progress from the browser: `tick` grows every
//! `every` while `running` is set, so a resource keyed on it refetches;
//! nothing is refetched while the job is idle (forms are never redrawn
//! under the person).

use leptos::prelude::*;

pub fn while_running(running: RwSignal<bool>, tick: RwSignal<u32>, every: std::time::Duration) {
    Effect::new(move |_| {
        let _ = set_interval_with_handle(
            move || {
                if running.get_untracked() {
                    tick.update(|t| *t += 1)
                }
            },
            every,
        );
    });
}
