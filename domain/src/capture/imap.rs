//! The IMAP side of mailbox capture: connect (TLS from the start, STARTTLS,
//! or plain text to this machine only), log in, open the folder read-only
//! (EXAMINE, so nothing is ever marked, moved or deleted), list new UIDs and
//! fetch messages with BODY.PEEK. Every failure is one sentence in plain
//! words for the touchpoint page; the password never appears in one.

use std::{pin::Pin, sync::Arc, time::Duration};

use futures::TryStreamExt;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
};
use tokio_rustls::{client::TlsStream, rustls, TlsConnector};

use model::capture::Tls;

/// How to reach a mailbox.
#[derive(Clone)]
pub struct Login {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: String,
    pub password: String,
    pub folder: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("folder", &self.folder)
            .finish()
    }
}

/// A TCP connection, protected by TLS unless the mailbox is on this machine.
#[derive(Debug)]
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

pub type Session = async_imap::Session<Stream>;

/// The opened folder: its UIDVALIDITY and how many messages it holds.
#[derive(Debug, Clone, Copy)]
pub struct Folder {
    pub validity: u32,
    pub exists: u32,
    /// The UID the next message will get (for "from now on").
    pub uid_next: u32,
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// Whether plain text may be used: only to this machine.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn timed<T>(what: &str, f: impl std::future::Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::time::timeout(TIMEOUT, f)
        .await
        .unwrap_or_else(|_| Err(format!("The mail server stopped answering ({what}).")))
}

fn tls_connector() -> TlsConnector {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3 are supported")
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

async fn wrap(tcp: TcpStream, host: &str) -> Result<Stream, String> {
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|_| format!("\"{host}\" is not a host name a certificate can be checked against."))?;
    let tls = tls_connector().connect(name, tcp).await.map_err(|e| {
        let text = e.to_string();
        if text.contains("certificate") || text.contains("Certificate") {
            format!("The mail server's certificate could not be trusted ({text}). Check the host name, or ask your provider.")
        } else {
            format!("A secure connection to the mail server failed ({text}).")
        }
    })?;
    Ok(Stream::Tls(Box::new(tls)))
}

async fn connect(login: &Login) -> Result<async_imap::Client<Stream>, String> {
    if login.tls == Tls::Plain && !is_loopback(&login.host) {
        return Err("Plain text is only allowed to this machine; choose TLS or STARTTLS.".into());
    }
    let tcp = TcpStream::connect((login.host.as_str(), login.port))
        .await
        .map_err(|e| format!("Could not reach the mail server {}:{} ({e}).", login.host, login.port))?;
    let stream = match login.tls {
        Tls::Implicit => wrap(tcp, &login.host).await?,
        Tls::Plain | Tls::Starttls => Stream::Plain(tcp),
    };
    let mut client = async_imap::Client::new(stream);
    greeting(&mut client).await?;
    if login.tls != Tls::Starttls {
        return Ok(client);
    }
    client
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|e| format!("The mail server does not offer STARTTLS ({e}); try TLS on port 993."))?;
    let Stream::Plain(tcp) = client.into_inner() else { unreachable!("STARTTLS starts from plain text") };
    // No greeting follows STARTTLS.
    Ok(async_imap::Client::new(wrap(tcp, &login.host).await?))
}

async fn greeting(client: &mut async_imap::Client<Stream>) -> Result<(), String> {
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("The mail server closed the connection before greeting.".into()),
        Err(e) => Err(format!("The mail server did not greet us ({e}). Is this the IMAP port?")),
    }
}

/// Why a mailbox could not be opened, and the form field it is about
/// (`host`, `password` or `folder`).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl From<Problem> for String {
    fn from(p: Problem) -> String {
        p.message
    }
}

/// Connects, logs in and opens the folder read-only.
pub async fn open(login: &Login) -> Result<(Session, Folder), Problem> {
    let on = |field: &'static str| move |message: String| Problem { field, message };
    let client = timed("connecting", connect(login)).await.map_err(on("host"))?;
    let login_step = async {
        client.login(&login.username, &login.password).await.map_err(|(e, _)| match e {
            async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                "The mail server refused the user name or password.".to_string()
            }
            other => format!("Logging in failed ({other})."),
        })
    };
    let mut session = timed("logging in", login_step).await.map_err(on("password"))?;
    let examine = async {
        session.examine(&login.folder).await.map_err(|e| match e {
            async_imap::error::Error::No(_) => {
                format!("There is no folder called \"{}\" in this mailbox.", login.folder)
            }
            other => format!("The folder \"{}\" could not be opened ({other}).", login.folder),
        })
    };
    let mailbox = timed("opening the folder", examine).await.map_err(on("folder"))?;
    let folder = Folder {
        validity: mailbox.uid_validity.unwrap_or(0),
        exists: mailbox.exists,
        uid_next: mailbox.uid_next.unwrap_or(1),
    };
    Ok((session, folder))
}

/// "Test the connection": what an owner reads beside the form.
pub async fn test(login: &Login) -> Result<Folder, Problem> {
    let (mut session, folder) = open(login).await?;
    let _ = session.logout().await;
    Ok(folder)
}

/// The UIDs after `after` (and on or after `since`, a date), oldest first.
pub async fn new_uids(session: &mut Session, after: u32, since: Option<chrono::NaiveDate>) -> Result<Vec<u32>, String> {
    let mut query = format!("UID {}:*", after.saturating_add(1));
    if let Some(day) = since {
        query.push_str(&format!(" SINCE {}", day.format("%-d-%b-%Y")));
    }
    let found = timed("searching", async {
        session.uid_search(&query).await.map_err(|e| format!("Listing new messages failed ({e})."))
    })
    .await?;
    let mut uids: Vec<u32> = found.into_iter().filter(|u| *u > after).collect();
    uids.sort_unstable();
    Ok(uids)
}

/// The raw messages with these UIDs, as `(uid, bytes)`, without marking them read.
pub async fn fetch(session: &mut Session, uids: &[u32]) -> Result<Vec<(u32, Vec<u8>)>, String> {
    if uids.is_empty() {
        return Ok(vec![]);
    }
    let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    timed("fetching", async {
        let fetched: Vec<_> = session
            .uid_fetch(&set, "(UID BODY.PEEK[])")
            .await
            .map_err(|e| format!("Fetching messages failed ({e})."))?
            .try_collect()
            .await
            .map_err(|e| format!("Fetching messages failed ({e})."))?;
        let mut out: Vec<(u32, Vec<u8>)> =
            fetched.iter().filter_map(|f| Some((f.uid?, f.body().unwrap_or_default().to_vec()))).collect();
        out.sort_by_key(|(uid, _)| *uid);
        Ok(out)
    })
    .await
}

/// The message in the folder with this Message-ID, if there is one.
pub async fn find(session: &mut Session, message_id: &str) -> Result<Option<Vec<u8>>, String> {
    if message_id.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return Ok(None);
    }
    let query = format!("HEADER Message-ID \"<{message_id}>\"");
    let found = timed("searching", async {
        session.uid_search(&query).await.map_err(|e| format!("Searching the folder failed ({e})."))
    })
    .await?;
    let Some(uid) = found.into_iter().min() else { return Ok(None) };
    Ok(fetch(session, &[uid]).await?.into_iter().next().map(|(_, raw)| raw))
}
