//! Fetching a calendar feed: https (or http to this machine), conditional on
//! the ETag and Last-Modified of the last fetch, at most `MAX_BYTES`. The
//! address is a secret (it usually grants read access on its own): it is
//! never put in a problem message or a log line, only its host.

use std::time::Duration;

use futures::StreamExt;
use reqwest::{header, StatusCode};
use url::Url;

use super::{feed::MAX_BYTES, imap::is_loopback};

#[derive(Debug, PartialEq)]
pub enum Fetched {
    /// 304: nothing changed since the last fetch.
    Unchanged,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        modified: Option<String>,
    },
}

/// The address as it will be fetched (`webcal://` is https), or why not.
pub fn address(text: &str) -> Result<Url, String> {
    let text = text.trim();
    let text = match text.strip_prefix("webcal://") {
        Some(rest) => format!("https://{rest}"),
        None => text.to_string(),
    };
    let url = Url::parse(&text)
        .map_err(|_| "This is not a web address; paste the calendar's full address (https://…).".to_string())?;
    let host = url.host_str().unwrap_or_default().to_string();
    match url.scheme() {
        "https" if !host.is_empty() => Ok(url),
        "http" if is_loopback(&host) => Ok(url),
        "http" => Err("Use the https:// address of the calendar (plain http is only allowed to this machine).".into()),
        _ => Err("The calendar address must start with https://.".into()),
    }
}

/// Fetches the feed. Errors are plain words that name only the host.
pub async fn fetch(url: &Url, etag: Option<&str>, modified: Option<&str>) -> Result<Fetched, String> {
    let host = url.host_str().unwrap_or("the calendar").to_string();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent("SecondLook calendar feed")
        .build()
        .map_err(|e| format!("The calendar could not be fetched ({e})."))?;
    let mut request = client.get(url.clone());
    if let Some(tag) = etag {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    if let Some(m) = modified {
        request = request.header(header::IF_MODIFIED_SINCE, m);
    }
    let response = request.send().await.map_err(|e| {
        let e = e.without_url();
        let text = format!("{e:?}");
        if text.contains("certificate") || text.contains("Certificate") {
            format!("The certificate of {host} could not be trusted.")
        } else if e.is_timeout() {
            format!("{host} did not answer within 30 seconds.")
        } else {
            format!("{host} could not be reached.")
        }
    })?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::Unchanged);
    }
    if !status.is_success() {
        return Err(match status {
            StatusCode::NOT_FOUND | StatusCode::GONE => {
                format!("{host} says there is no calendar at this address any more ({status}).")
            }
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                format!("{host} refused to share the calendar ({status}); copy its private address again.")
            }
            _ => format!("{host} answered {status}."),
        });
    }
    let text_header =
        |name: header::HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (etag, modified) = (text_header(header::ETAG), text_header(header::LAST_MODIFIED));
    let mut bytes = Vec::new();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| format!("The calendar from {host} was cut off while downloading."))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(format!("The calendar from {host} is larger than {} MB.", MAX_BYTES / 1024 / 1024));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched::Body { bytes, etag, modified })
}
