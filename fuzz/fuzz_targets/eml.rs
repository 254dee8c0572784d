//! Emails (`capture::message`, shared by the mailbox, `.eml` uploads and
//! POST /api/v1/messages): never a panic, whatever the bytes (broken MIME,
//! odd charsets, huge headers); a message read has a non-empty id within
//! the limit, its own text, and a time no later than now; turned into an
//! output it keeps every promise of a validated one; a refusal says why.
#![no_main]

use chrono::Utc;
use domain::{capture::message, outputs::Source, validate::LIMITS};
use libfuzzer_sys::fuzz_target;
use secondlook_fuzz::{check_validated, KINDS};

fuzz_target!(|data: &[u8]| {
    let now = Utc::now();
    match message::read(data, now) {
        Ok(mail) => {
            assert!(!mail.id.is_empty() && mail.id.chars().count() <= LIMITS.external_id);
            assert!(!mail.own_text.trim().is_empty(), "a message without text was read");
            assert!(mail.produced_at <= now, "a message was dated in the future");
            assert_eq!(message::read(data, now).unwrap(), mail, "reading is deterministic");
            for kind in KINDS {
                match mail.clone().into_output(None, kind, Source::Mailbox, now) {
                    Ok(o) => check_validated(&o, kind, Source::Mailbox, now),
                    Err(e) => assert!(!e.is_empty()),
                }
            }
        }
        Err(e) => assert!(!e.is_empty(), "a message was refused without a reason"),
    }
});
