//! `cargo xtask dist`: what a server needs, in `target/dist/`: the release
//! binary (the client bundle inside it), a systemd unit, a Caddy
//! configuration for HTTPS, and SHA-256 checksums of all three.

use std::{fs, path::PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::{site, tools::Workspace};

pub fn run() -> Result<PathBuf> {
    let ws = Workspace::locate()?;
    // The bundle first: the server build embeds it.
    site::build(&ws)?;
    ws.cargo(&["build", "--release", "-p", "server", "--bin", "secondlook"])?;
    let dist = ws.root.join("target/dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("emptying {}", dist.display()))?;
    }
    fs::create_dir_all(&dist).with_context(|| format!("creating {}", dist.display()))?;
    let files = [
        (ws.target_dir.join("release/secondlook"), "secondlook"),
        (ws.root.join("deploy/secondlook.service"), "secondlook.service"),
        (ws.root.join("deploy/Caddyfile"), "Caddyfile"),
    ];
    let mut sums = String::new();
    for (from, name) in files {
        let to = dist.join(name);
        fs::copy(&from, &to).with_context(|| format!("copying {}", from.display()))?;
        let bytes = fs::read(&to)?;
        sums.push_str(&format!("{}  {name}\n", hex::encode(Sha256::digest(&bytes))));
    }
    fs::write(dist.join("SHA256SUMS"), sums).context("writing SHA256SUMS")?;
    println!("{}: secondlook, secondlook.service, Caddyfile, SHA256SUMS", dist.display());
    Ok(dist)
}
