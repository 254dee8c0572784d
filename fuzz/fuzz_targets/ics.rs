//! `.ics` calendar imports (`read_ics`): never a panic, whatever the file;
//! every event read is a booking that ends after it starts, within the
//! field limits, dated no later than now; a refusal says why.
#![no_main]

use chrono::Utc;
use libfuzzer_sys::fuzz_target;
use secondlook_fuzz::check_calendar;

fuzz_target!(|data: &[u8]| {
    // London has a daylight-saving gap and overlap, where local times are
    // ambiguous or missing: floating times in those hours must not panic.
    match domain::imports::read_ics(data, chrono_tz::Europe::London) {
        Ok(events) => {
            assert!(!events.is_empty(), "a calendar read as no events without saying so");
            let read_at = Utc::now();
            for event in &events {
                check_calendar(event, read_at);
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a calendar was refused without a reason");
            assert!(problems.iter().all(|p| !p.message.is_empty()));
        }
    }
});
