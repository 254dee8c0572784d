//! A real Dovecot IMAP server for the tests: started from Debian's package
//! by `testdata/dovecot/run.sh` as the test user, with its own configuration,
//! mail folder and loopback port under a temporary folder, and stopped when
//! dropped. Mail is delivered into it over IMAP APPEND.

use std::{net::TcpListener, process::Child, time::Duration};

use futures::TryStreamExt;
use tokio::net::TcpStream;

pub const USER: &str = "shop";
pub const PASSWORD: &str = "imap-secret-7f3a9c";

pub struct Dovecot {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Session = async_imap::Session<TcpStream>;

impl Dovecot {
    pub async fn start() -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/dovecot/run.sh");
        let child = std::process::Command::new("sh")
            .args([script, &dir.path().display().to_string(), &port.to_string(), USER, PASSWORD])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("dovecot starts (cargo xtask test installs dovecot-imapd)");
        let dovecot = Dovecot { port, child, _dir: dir };
        for _ in 0..100 {
            if let Ok(mut s) = dovecot.try_session().await {
                let _ = s.logout().await;
                return dovecot;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("dovecot did not start on port {port}");
    }

    async fn try_session(&self) -> Result<Session, String> {
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).await.map_err(|e| e.to_string())?;
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.map_err(|e| e.to_string())?.ok_or("no greeting")?;
        client.login(USER, PASSWORD).await.map_err(|(e, _)| e.to_string())
    }

    pub async fn session(&self) -> Session {
        self.try_session().await.unwrap()
    }

    /// Delivers a message into `folder` (as a mail program or a rule would).
    pub async fn append(&self, folder: &str, raw: &str) {
        let mut s = self.session().await;
        s.append(folder, None, None, raw.as_bytes()).await.unwrap();
        s.logout().await.unwrap();
    }

    /// Delivers many messages over one connection.
    pub async fn append_many(&self, folder: &str, raws: &[String]) {
        let mut s = self.session().await;
        for raw in raws {
            s.append(folder, None, None, raw.as_bytes()).await.unwrap();
        }
        s.logout().await.unwrap();
    }

    pub async fn create(&self, folder: &str) {
        let mut s = self.session().await;
        s.create(folder).await.unwrap();
        s.logout().await.unwrap();
    }

    /// Deletes and re-creates a folder: the server gives it a new UIDVALIDITY.
    pub async fn reset(&self, folder: &str) {
        let mut s = self.session().await;
        s.delete(folder).await.unwrap();
        s.create(folder).await.unwrap();
        s.logout().await.unwrap();
    }

    /// The flags of every message in `folder` (capture must not change them).
    pub async fn flags(&self, folder: &str) -> Vec<String> {
        let mut s = self.session().await;
        s.examine(folder).await.unwrap();
        let fetched: Vec<_> = s.fetch("1:*", "FLAGS").await.unwrap().try_collect().await.unwrap();
        let flags = fetched.iter().map(|f| format!("{:?}", f.flags().collect::<Vec<_>>())).collect();
        s.logout().await.unwrap();
        flags
    }
}

/// A message as a mail program sends it.
pub fn message(id: &str, in_reply_to: Option<&str>, model: Option<&str>, body: &str) -> String {
    let mut raw = format!(
        "Message-ID: <{id}>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nFrom: Shop <hello@shop.example>\r\nTo: Sam <sam@customer.example>\r\nSubject: About your order\r\n"
    );
    if let Some(parent) = in_reply_to {
        raw.push_str(&format!("In-Reply-To: <{parent}>\r\nReferences: <{parent}>\r\n"));
    }
    if let Some(m) = model {
        raw.push_str(&format!("X-AI-Model: {m}\r\n"));
    }
    raw.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str(&body.replace('\n', "\r\n"));
    raw.push_str("\r\n");
    raw
}
