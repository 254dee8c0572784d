//! `spawn_app()`: a real server on port 0 with its own database file, and a
//! client with one method per call the tests make.

use domain::touchpoints::Validate as _;

use std::sync::OnceLock;

use reqwest::{Client, Response, StatusCode};
use secondlook::{config::Settings, startup::Application};
use serde_json::Value;
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub client: Client,
    _dir: TempDir,
}

fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap())
}

pub const OWNER_EMAIL: &str = "olive@bakery.test";
pub const OWNER_PASSWORD: &str = "rise-and-shine-42";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// A test server with more settings (`SECONDLOOK_…` variables) than the defaults.
pub async fn spawn_app_with(more: &[(&'static str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}/test.db", dir.path().display());
    let mut vars = vec![
        ("SECONDLOOK_DATABASE_URL", database_url.clone()),
        ("SECONDLOOK_ADDR", "127.0.0.1:0".to_string()),
        ("SECONDLOOK_SITE_ROOT", dir.path().join("site").display().to_string()),
    ];
    vars.extend(more.iter().map(|(k, v)| (*k, v.to_string())));
    let settings = Settings::load_from(None, |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).unwrap();
    // Leptos keeps a process-wide task pool bound to the runtime that first
    // served a page, so every test server runs on one shared runtime.
    let port = server_runtime()
        .spawn(async move {
            let app = Application::build(settings).await.expect("the app builds");
            let port = app.port();
            tokio::spawn(app.run_until_stopped());
            port
        })
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{port}");
    TestApp { address, database_url, client: new_client(), _dir: dir }
}

/// A browser-like client: keeps cookies, does not follow redirects. A
/// request that never answers fails the test with its URL after two
/// minutes, instead of hanging the run.
pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request sent")
    }

    /// Calls a server function with form fields, as a form would.
    pub async fn call(&self, endpoint: &str, fields: &[(&str, &str)]) -> Response {
        call_with(&self.client, &self.address, endpoint, fields).await
    }

    pub async fn setup(&self) -> Response {
        self.call(
            "setup",
            &[
                ("business_name", "Corner Bakery"),
                ("timezone", "Europe/London"),
                ("owner_name", "Olive Owner"),
                ("owner_email", OWNER_EMAIL),
                ("password", OWNER_PASSWORD),
                ("password_again", OWNER_PASSWORD),
            ],
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.call("login", &[("email", email), ("password", password)]).await
    }

    /// Adds a team member as the logged-in owner; returns their password.
    pub async fn add_member(&self, name: &str, email: &str, role: &str) -> String {
        let resp = self.call("team/add", &[("name", name), ("email", email), ("role", role)]).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let body: Value = resp.json().await.unwrap();
        body["temporary_password"].as_str().unwrap().to_string()
    }

    /// A touchpoint made directly in the database; returns (id, ingest token).
    pub async fn touchpoint(&self, name: &str, kind: &str, policy: &str) -> (i64, String) {
        let input = domain::touchpoints::TouchpointInput {
            name: name.into(),
            kind: kind.into(),
            policy: policy.into(),
            ..Default::default()
        };
        let created = domain::touchpoints::create(&self.db().await, &domain::Actor::Cli, input.validate().unwrap())
            .await
            .unwrap();
        (created.touchpoint.id, created.token)
    }

    /// POSTs `body` as JSON to an API path with an ingest token.
    pub async fn api_post(&self, path: &str, token: &str, body: &serde_json::Value) -> Response {
        self.client
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn db(&self) -> domain::Db {
        domain::db::open(&self.database_url).await.unwrap()
    }
}

/// A fresh client logged in as `email`.
pub async fn logged_in(app: &TestApp, email: &str, password: &str) -> Client {
    let client = new_client();
    let login = call_with(&client, &app.address, "login", &[("email", email), ("password", password)]).await;
    assert_eq!(login.status(), StatusCode::OK);
    client
}

pub async fn call_with(client: &Client, address: &str, endpoint: &str, fields: &[(&str, &str)]) -> Response {
    client.post(format!("{address}/api/{endpoint}")).form(fields).send().await.expect("request sent")
}

/// The JSON error body of a failed server function call, as text.
pub async fn error_text(resp: Response) -> String {
    resp.text().await.unwrap()
}

pub const BIN: &str = env!("CARGO_BIN_EXE_secondlook");

/// The real `secondlook serve` binary on a free port over `url`, with extra
/// environment; returns the process and its address.
pub fn start_binary(url: &str, env: &[(&str, &str)]) -> (std::process::Child, String) {
    let (child, address, _) = start_binary_logged(url, env);
    (child, address)
}

/// Like `start_binary`, also keeping everything the server logs.
pub fn start_binary_logged(
    url: &str,
    env: &[(&str, &str)],
) -> (std::process::Child, String, std::sync::Arc<std::sync::Mutex<String>>) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(BIN)
        .arg("serve")
        .env("SECONDLOOK_DATABASE_URL", url)
        .env("SECONDLOOK_ADDR", "127.0.0.1:0")
        .env("SECONDLOOK_LOG_LEVEL", "info")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let address = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        log.lock().unwrap().push_str(&line);
        if let Some(at) = line.find("listening on ") {
            break line[at + "listening on ".len()..].trim().to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let mut all = kept.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    (child, address, log)
}

/// The owner that `business_by_cli` creates.
pub const CLI_OWNER: (&str, &str) = ("olive@bakery.test", "correct-horse-battery-staple");

/// Runs the real CLI over `url` with `stdin`; panics unless it succeeds.
pub fn run_cli(url: &str, args: &[&str], stdin: &str) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .env("SECONDLOOK_DATABASE_URL", url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}");
    out.stdout
}

/// A business on `timezone` set up by the CLI, with `CLI_OWNER` and one touchpoint.
pub fn business_by_cli(url: &str, timezone: &str, touchpoint: &[&str]) {
    let setup = [
        "setup",
        "--business",
        "Bakery",
        "--timezone",
        timezone,
        "--owner-email",
        CLI_OWNER.0,
        "--owner-name",
        "Olive",
    ];
    run_cli(url, &setup, &format!("{}\n", CLI_OWNER.1));
    run_cli(url, &[&["touchpoint", "add"][..], touchpoint].concat(), "");
}

/// A browser-like client logged in as `CLI_OWNER` on a server at `address`.
pub async fn cli_owner(address: &str) -> Client {
    let browser = new_client();
    let login = browser
        .post(format!("{address}/api/login"))
        .form(&[("email", CLI_OWNER.0), ("password", CLI_OWNER.1)])
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success() || login.status().is_redirection());
    browser
}
