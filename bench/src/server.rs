//! A release `secondlook` server on a free loopback port with its own database.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use anyhow::{bail, Context, Result};

pub struct Server {
    child: Child,
    pub address: String,
    pub token: String,
}

impl Server {
    /// A server with one fresh touchpoint; `token` is its ingest token.
    pub fn start(bin: &str, url: &str) -> Result<Server> {
        let out = Command::new(bin)
            .args(["touchpoint", "add", "--name", "Bench", "--kind", "other", "--policy", "sample", "--json"])
            .env("SECONDLOOK_DATABASE_URL", url)
            .output()
            .context("creating the touchpoint")?;
        let created: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading the touchpoint")?;
        let token = created["token"].as_str().context("no token")?.to_string();
        Server::serve(bin, url, token)
    }

    /// A server over an existing database.
    pub fn serve(bin: &str, url: &str, token: String) -> Result<Server> {
        let mut child = Command::new(bin)
            .arg("serve")
            .env("SECONDLOOK_DATABASE_URL", url)
            .env("SECONDLOOK_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "warn,secondlook::startup=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting the server")?;
        let mut lines = BufReader::new(child.stderr.take().context("no stderr")?).lines();
        let address = loop {
            let Some(line) = lines.next() else { bail!("the server exited before listening") };
            let line = line?;
            if let Some(at) = line.find("listening on ") {
                break line[at + 13..].trim().to_string();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Ok(Server { child, address, token })
    }

    /// Peak resident memory so far (VmHWM), in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        self.status_kb("VmHWM:") / 1024.0
    }

    /// A kB figure from the server's /proc status, such as "VmRSS:".
    pub fn status_kb(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
