//! Running cargo and the system tools the commands need, installing what is
//! missing from the package registries (never a downloaded binary).

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context, Result};

pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
}

/// Variables cargo sets for the running xtask; passing them on makes
/// dependencies' build scripts rerun on every call.
const INHERITED: [&str; 5] =
    ["CARGO_MANIFEST_DIR", "CARGO_MANIFEST_PATH", "CARGO_CRATE_NAME", "CARGO_BIN_NAME", "CARGO_PRIMARY_PACKAGE"];

fn cargo_command() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for (key, _) in std::env::vars() {
        if key.starts_with("CARGO_PKG_") || INHERITED.contains(&key.as_str()) {
            cmd.env_remove(key);
        }
    }
    cmd
}

impl Workspace {
    pub fn locate() -> Result<Workspace> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has no parent folder")?.to_path_buf();
        let out = cargo_command()
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(&root)
            .output()
            .context("running cargo metadata")?;
        if !out.status.success() {
            bail!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let meta: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading cargo metadata")?;
        let target_dir = meta["target_directory"].as_str().context("cargo metadata has no target_directory")?.into();
        Ok(Workspace { root, target_dir })
    }

    pub fn cargo(&self, args: &[&str]) -> Result<()> {
        run(cargo_command().args(args).current_dir(&self.root), &format!("cargo {}", args.join(" ")))
    }
}

/// Runs a command to completion; an error if it fails.
pub fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn on_path(program: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok_and(|o| o.status.success())
}

fn apt_install(packages: &[&str]) -> Result<()> {
    eprintln!("xtask: installing {} from Debian's packages", packages.join(", "));
    let sudo = if on_path("sudo") && !is_root() { vec!["sudo"] } else { vec![] };
    let mut update = Command::new(sudo.first().copied().unwrap_or("apt-get"));
    if !sudo.is_empty() {
        update.arg("apt-get");
    }
    run(update.args(["update", "-qq"]), "apt-get update")?;
    let mut install = Command::new(sudo.first().copied().unwrap_or("apt-get"));
    if !sudo.is_empty() {
        install.arg("apt-get");
    }
    install.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y", "-qq"]).args(packages);
    run(&mut install, "apt-get install")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup").args(["target", "list", "--installed"]).output().context("running rustup")?;
    if !String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]), "rustup target add")?;
    }
    Ok(())
}

/// rustfmt and clippy, which a minimal rustup profile leaves out.
pub fn ensure_lint_tools() -> Result<()> {
    let out = Command::new("rustup").args(["component", "list", "--installed"]).output().context("running rustup")?;
    let installed = String::from_utf8_lossy(&out.stdout);
    for component in ["rustfmt", "clippy"] {
        if !installed.lines().any(|l| l.trim().starts_with(component)) {
            run(Command::new("rustup").args(["component", "add", component]), "rustup component add")?;
        }
    }
    Ok(())
}

/// The clippy driver that `rustup component add clippy` installed beside
/// this toolchain's rustc.
pub fn clippy_driver() -> Result<PathBuf> {
    let out = Command::new("rustc").args(["--print", "sysroot"]).output().context("running rustc")?;
    let driver = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("bin/clippy-driver");
    if !driver.exists() {
        bail!("clippy is installed but {} is missing", driver.display());
    }
    Ok(driver)
}

pub fn ensure_chromium() -> Result<()> {
    if !Path::new("/usr/bin/chromium").exists() {
        apt_install(&["chromium"])?;
    }
    Ok(())
}

/// Dovecot's IMAP server, for the mailbox-capture tests (each test starts
/// its own private instance; the package's system service is not used).
pub fn ensure_dovecot() -> Result<()> {
    if !on_path("dovecot") && !Path::new("/usr/sbin/dovecot").exists() {
        apt_install(&["dovecot-imapd"])?;
    }
    Ok(())
}

/// poppler-utils' `pdftotext`, for reading the printed monthly report back.
pub fn ensure_pdftotext() -> Result<()> {
    if !on_path("pdftotext") {
        apt_install(&["poppler-utils"])?;
    }
    Ok(())
}

pub fn ensure_node() -> Result<()> {
    if !on_path("node") || !on_path("npm") {
        apt_install(&["nodejs", "npm"])?;
    }
    Ok(())
}
