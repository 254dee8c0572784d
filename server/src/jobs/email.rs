//! Sending email over SMTP with lettre: building the MIME message (text +
//! HTML, plus the calendar file when there is one), the transport from
//! `SECONDLOOK_SMTP_URL`, and the outbox sender.
//!
//! `smtps://host[:465]` uses TLS from the start; `smtp://host[:587]` requires
//! STARTTLS, except on a loopback host (a local relay or test server) or with
//! `?tls=none`, where it is plain. `user:password@` logs in.

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use domain::{
    mail::{outbox, Rendered},
    Db,
};
use lettre::{
    message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart},
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

/// Checks an SMTP URL; the error says what is wrong, for the settings line.
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url)
        .map_err(|_| format!("'{url}' is not a URL such as smtp://user:password@mail.example.com:587"))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(format!("'{url}' must start with smtp:// or smtps://"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("'{url}' names no mail server"));
    }
    Ok(())
}

fn plain(parsed: &url::Url) -> bool {
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        // smtp:// is not a "special" scheme, so IP addresses come as names.
        Some(url::Host::Domain(d)) => {
            d == "localhost" || d.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        None => false,
    };
    loopback || parsed.query_pairs().any(|(k, v)| k == "tls" && v == "none")
}

/// The SMTP transport for `url`.
pub fn transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    check_url(url).map_err(anyhow::Error::msg)?;
    let parsed = url::Url::parse(url)?;
    let host = parsed.host_str().unwrap_or_default().trim_matches(['[', ']']).to_string();
    let mut builder = match parsed.scheme() {
        "smtps" => AsyncSmtpTransport::<Tokio1Executor>::relay(&host)?,
        _ if plain(&parsed) => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host).port(25),
        _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host)?,
    };
    if let Some(port) = parsed.port() {
        builder = builder.port(port);
    }
    if !parsed.username().is_empty() {
        let decode = |s: &str| percent_decode(s);
        builder = builder
            .credentials(Credentials::new(decode(parsed.username()), decode(parsed.password().unwrap_or_default())));
    }
    Ok(builder.timeout(Some(Duration::from_secs(15))).build())
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// The MIME message: multipart/alternative (text, HTML), inside
/// multipart/mixed with the calendar file when there is one.
/// A Message-ID that is the same for every attempt at one outbox email, so a
/// mail server (or a person) can tell a resend from a new email.
fn message_id(q: &outbox::Queued, base_url: &str) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "secondlook.invalid".into());
    format!("<outbox-{}-{}@{host}>", q.id, domain::tokens::hash(&q.dedupe_key).get(..16).unwrap_or_default())
}

pub fn message(from: &str, to: &str, email: &Rendered, message_id: Option<String>) -> anyhow::Result<Message> {
    let from: Mailbox = from.parse().context("the sender address")?;
    let to: Mailbox = to.parse().with_context(|| format!("'{to}' is not an email address"))?;
    let body = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
    let builder = Message::builder().from(from).to(to).subject(email.subject.clone()).message_id(message_id);
    let message = match &email.ics {
        Some(ics) => {
            let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")?;
            let attachment: SinglePart = Attachment::new("monthly-review.ics".into()).body(ics.clone(), calendar);
            builder.multipart(MultiPart::mixed().multipart(body).singlepart(attachment))?
        }
        None => builder.multipart(body)?,
    };
    Ok(message)
}

/// The server's answer, as one line ("250 2.0.0 Ok: queued").
/// A server that accepts the connection but never answers would otherwise
/// hold the sender forever.
pub async fn send(transport: &AsyncSmtpTransport<Tokio1Executor>, message: Message) -> Result<String, String> {
    match tokio::time::timeout(Duration::from_secs(30), transport.send(message)).await {
        Ok(Ok(resp)) => {
            Ok(format!("{} {}", resp.code(), resp.message().collect::<Vec<_>>().join(" ")).trim().to_string())
        }
        Ok(Err(e)) => Err(format!("{e}")),
        Err(_) => Err("the email server did not answer within 30 seconds".into()),
    }
}

/// How many due emails one pass of the sender takes.
const BATCH: i64 = 50;

/// Everything needed to send the outbox.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: String,
    base_url: String,
    first_retry: chrono::Duration,
    /// Opens links stored sealed in the outbox (password resets).
    sealer: domain::sealing::Sealer,
}

impl Mailer {
    /// A sender over `smtp_url` (none: emails wait in the outbox).
    pub fn new(
        smtp_url: Option<&str>,
        from: &str,
        base_url: &str,
        sealer: domain::sealing::Sealer,
    ) -> anyhow::Result<Mailer> {
        let transport = smtp_url.map(transport).transpose()?;
        Ok(Mailer {
            transport,
            from: from.into(),
            base_url: base_url.into(),
            first_retry: chrono::Duration::seconds(30),
            sealer,
        })
    }

    /// Sends every email due at `now`; returns (sent, failed). Without an
    /// SMTP server nothing is sent: emails wait in the outbox.
    pub async fn deliver_due(&self, db: &Db, now: chrono::DateTime<Utc>) -> anyhow::Result<(usize, usize)> {
        let Some(transport) = &self.transport else { return Ok((0, 0)) };
        let business = domain::business::get(db).await?.map(|b| b.name).unwrap_or_else(|| "Second Look".into());
        let (mut sent, mut failed) = (0, 0);
        for q in outbox::due(db, now, BATCH).await? {
            if !outbox::claim(db, q.id, Utc::now()).await? {
                continue; // another sender (the server or `jobs run-due`) has it
            }
            let id = message_id(&q, &self.base_url);
            let mut email = q.email.clone();
            let rendered = email
                .open_sealed(&self.sealer)
                .and_then(|()| email.render(&q.subject, &business, &self.base_url))
                .map_err(anyhow::Error::from);
            let outcome = match rendered.and_then(|r| message(&self.from, &q.to, &r, Some(id))) {
                Ok(m) => send(transport, m).await,
                Err(e) => Err(format!("{e:#}")),
            };
            if outcome.is_ok() {
                sent += 1
            } else {
                failed += 1
            }
            if let Err(e) = &outcome {
                tracing::warn!(email = q.id, to = %q.to, error = %e, "sending an email failed; it will be retried");
            }
            outbox::record_attempt(db, q.id, Utc::now(), outcome, self.first_retry).await?;
        }
        Ok((sent, failed))
    }

    /// The outbox sender inside the server: every few seconds. It also
    /// settles claims older than any send may take (a sender that failed to
    /// record its outcome), so no email stays claimed for ever.
    pub fn spawn(self, db: Db) {
        tokio::spawn(async move {
            loop {
                match self.deliver_due(&db, Utc::now()).await {
                    // A full batch: more may be waiting, so no pause.
                    Ok((sent, failed)) if sent + failed == BATCH as usize => continue,
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = ?e, "the email sender failed"),
                }
                let now = Utc::now();
                if let Err(e) = outbox::settle_interrupted(&db, now, now - chrono::Duration::minutes(2)).await {
                    tracing::error!(error = ?e, "settling interrupted emails failed");
                }
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_checked() {
        assert!(check_url("smtp://user:pass@mail.example:587").is_ok());
        assert!(check_url("smtps://mail.example").is_ok());
        assert!(check_url("http://mail.example").is_err());
        assert!(check_url("smtp://").is_err());
        assert!(plain(&url::Url::parse("smtp://127.0.0.1:2525").unwrap()));
        assert!(!plain(&url::Url::parse("smtp://mail.example:587").unwrap()));
        assert!(plain(&url::Url::parse("smtp://mail.example:25?tls=none").unwrap()));
        assert_eq!(percent_decode("p%40ss"), "p@ss");
    }
}
