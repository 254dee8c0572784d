//! Page data: loaded by a server function, rendered on the server, and
//! handed to the browser inside the page. The browser reads that JSON with
//! `serde_json::from_slice`, as it reads server functions' responses, so the
//! client bundle holds one JSON reader per type instead of two (Leptos's
//! default resource codec reads with `from_str`).

use std::future::Future;

use leptos::{
    prelude::*,
    server::codee::{Decoder, Encoder},
};
use serde::{de::DeserializeOwned, Serialize};

/// JSON written with `serde_json`, read back from its bytes.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(json.as_bytes())
    }
}

/// A page's data, refetched whenever `source` changes.
pub type Data<T> = Resource<T, Json>;

/// Loads `fetcher(source())` as page data (see the module comment).
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
