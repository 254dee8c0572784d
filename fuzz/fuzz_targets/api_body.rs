//! The JSON body of `POST /api/v1/outputs` and `POST /api/v1/outputs/batch`:
//! bytes → JSON → `parse_item` → `validate`, the path the handlers take
//! (the server crate only adds the content-type, size and envelope checks,
//! which schemathesis covers over HTTP). Every refusal must name a field;
//! every acceptance must keep the API's promises and survive being re-sent.
#![no_main]

use chrono::Utc;
use domain::outputs::{parse_item, Source};
use libfuzzer_sys::fuzz_target;
use secondlook_fuzz::{assert_same, check_validated, resend, KINDS};

fn one(item: &serde_json::Value, now: chrono::DateTime<Utc>) {
    for kind in KINDS {
        match parse_item(item.clone()).and_then(|raw| raw.validate(kind, Source::Api, now)) {
            Ok(out) => {
                check_validated(&out, kind, Source::Api, now);
                let again = parse_item(resend(&out)).and_then(|raw| raw.validate(kind, Source::Api, now));
                assert_same(&out, &again.expect("an accepted output is refused when sent again"));
            }
            Err(e) => {
                // Only an unknown key that is itself "" may leave the field blank.
                let named = !e.field.is_empty() || item.get("").is_some();
                assert!(named && !e.message.is_empty(), "a refusal names no field: {e:?}");
                if !item.is_object() {
                    assert_eq!(e.field, "(body)");
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The handlers answer 400 for anything serde_json refuses.
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let now = Utc::now();
    one(&body, now);
    // A batch body: each item goes through the same path.
    if let Some(items) = body.get("outputs").and_then(|o| o.as_array()) {
        for item in items {
            one(item, now);
        }
    }
});
