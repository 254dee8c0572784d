//! `cargo xtask fuzz-api [EXAMPLES]`: schemathesis against the real release
//! server. It reads the server's own OpenAPI document, sends valid and
//! invalid requests to every operation with a real ingest token, and fails
//! on any 5xx or any answer the document does not describe (status code,
//! content type, body schema).
//!
//! Everything lives in `<target>/fuzz/`: the Python virtualenv with a pinned
//! schemathesis (from PyPI), the examples database schemathesis replays
//! first on the next run, and `api-server.log`. The server gets a fresh
//! database in a scratch folder that is removed afterwards.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};

use crate::tools::{self, Workspace};

const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Test cases per operation and phase: about 2,000 requests in all.
const DEFAULT_EXAMPLES: u32 = 500;
/// Server errors, and answers the document does not describe.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

pub fn run(args: &[String]) -> Result<()> {
    let examples = match args.first() {
        Some(s) => s.parse::<u32>().with_context(|| format!("EXAMPLES must be a whole number, not {s:?}"))?,
        None => DEFAULT_EXAMPLES,
    };
    let ws = Workspace::locate()?;
    let work = ws.target_dir.join("fuzz");
    let schemathesis = ensure_schemathesis(&work)?;
    ws.cargo(&["build", "--release", "-p", "server", "--bin", "secondlook"])?;
    let scratch = Scratch::new(&work)?;
    let app = App { bin: ws.target_dir.join("release/secondlook"), scratch: &scratch };
    let token = app.prepare()?;
    let log = work.join("api-server.log");
    let server = Server::start(&app, &log)?;
    let mut cmd = Command::new(schemathesis);
    cmd.current_dir(&work)
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", server.base))
        .args(["--checks", CHECKS, "--max-examples", &examples.to_string(), "--no-color"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .arg(format!("--generation-database={}", work.join("schemathesis-examples").display()));
    let result = tools::run(&mut cmd, "schemathesis");
    drop(server);
    result.with_context(|| format!("the server's log is {}", log.display()))
}

/// The virtualenv's `schemathesis`, installing it (again) unless the pinned
/// version is already there.
fn ensure_schemathesis(work: &Path) -> Result<PathBuf> {
    let venv = work.join("venv");
    let python = venv.join("bin/python");
    let has = Command::new(&python)
        .args(["-c", "import importlib.metadata as m; print(m.version('schemathesis'))"])
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == SCHEMATHESIS_VERSION);
    if !has {
        fs::create_dir_all(work).with_context(|| format!("creating {}", work.display()))?;
        let mut venv_cmd = Command::new("python3");
        venv_cmd.args(["-m", "venv"]).arg(&venv);
        tools::run(&mut venv_cmd, "python3 -m venv (on Debian: apt-get install python3-venv)")?;
        let pin = format!("schemathesis=={SCHEMATHESIS_VERSION}");
        tools::run(Command::new(&python).args(["-m", "pip", "install", "--quiet", &pin]), "pip install schemathesis")?;
    }
    Ok(venv.join("bin/schemathesis"))
}

/// A folder for one run's database, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(work: &Path) -> Result<Scratch> {
        let dir = work.join(format!("api-run-{}", std::process::id()));
        fs::create_dir_all(dir.join("site")).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The `secondlook` binary pointed at the scratch database.
struct App<'a> {
    bin: PathBuf,
    scratch: &'a Scratch,
}

impl App<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(args)
            .env("SECONDLOOK_DATABASE_URL", format!("sqlite://{}/api.db", self.scratch.0.display()))
            .env("SECONDLOOK_SITE_ROOT", self.scratch.0.join("site"))
            .env("SECONDLOOK_LOG_LEVEL", "info");
        cmd
    }

    /// A business with an owner and one scheduling touchpoint (the kind that
    /// also takes bookings, so every field is exercised); its ingest token.
    fn prepare(&self) -> Result<String> {
        let mut setup = self.command(&[
            "setup",
            "--business",
            "Fuzz Bakery",
            "--timezone",
            "Europe/London",
            "--owner-email",
            "owner@fuzz.test",
            "--owner-name",
            "Owner",
        ]);
        let mut child =
            setup.stdin(Stdio::piped()).stdout(Stdio::null()).spawn().context("starting secondlook setup")?;
        child.stdin.take().context("no stdin")?.write_all(b"fuzz-api-owner-password\n")?;
        if !child.wait()?.success() {
            bail!("secondlook setup failed");
        }
        let args =
            ["touchpoint", "add", "--name", "Booking assistant", "--kind", "scheduling", "--policy", "gate", "--json"];
        let out = self.command(&args).output().context("running secondlook touchpoint add")?;
        if !out.status.success() {
            bail!("secondlook touchpoint add failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let created: serde_json::Value =
            serde_json::from_slice(&out.stdout).context("reading the touchpoint's JSON")?;
        Ok(created["token"].as_str().context("no token in the touchpoint's JSON")?.to_string())
    }
}

/// `secondlook serve` on a free loopback port; stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(app: &App, log: &Path) -> Result<Server> {
        let file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = app
            .command(&["serve"])
            .env("SECONDLOOK_ADDR", "127.0.0.1:0")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .context("starting secondlook serve")?;
        let mut server = Server { child, base: String::new() };
        server.base = server.wait_for_address(log)?;
        Ok(server)
    }

    /// The address from the log line "listening on http://127.0.0.1:PORT".
    fn wait_for_address(&mut self, log: &Path) -> Result<String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            let text = fs::read_to_string(log).unwrap_or_default();
            if let Some(at) = text.find("listening on ") {
                let rest = &text[at + "listening on ".len()..];
                return Ok(rest.split_whitespace().next().unwrap_or_default().to_string());
            }
            if let Some(status) = self.child.try_wait()? {
                bail!("secondlook serve stopped ({status}); see {}", log.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("secondlook serve did not start within 60 s; see {}", log.display())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
