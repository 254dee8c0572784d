//! Settings: defaults that need nothing, then an optional TOML file, then
//! `SECONDLOOK_*` environment variables. A bad value stops start-up with one
//! line that names the setting.

use std::{net::SocketAddr, path::PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub addr: SocketAddr,
    /// The address people use to reach the app, for links in emails and pages.
    pub base_url: String,
    pub log_level: String,
    /// A folder to serve the client bundle and static files from instead of
    /// the copies built into the binary (for development).
    pub site_root: Option<PathBuf>,
    /// Reverse proxies whose X-Forwarded-For names the client (for throttling).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Largest body for one output (bytes).
    pub max_body_bytes: usize,
    /// Largest body for a batch (bytes).
    pub max_batch_bytes: usize,
    /// Seconds before the first webhook retry; each later one waits twice as long.
    pub webhook_first_retry_secs: u64,
    /// Where email goes (`smtp://…`, `smtps://…`); none keeps it in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of every email.
    pub mail_from: String,
    /// How long an Approve or Reject link in a sign-off email works.
    pub decision_link_hours: u32,
    /// How often the capture poller looks for mailboxes and feeds that are due.
    pub capture_every: std::time::Duration,
}

#[derive(Debug, thiserror::Error)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting: setting.to_string(), message: message.into() }
}

/// A whole number within `(low, high)`, `default` when unset.
fn number(
    setting: &str,
    value: Option<String>,
    (low, high, default): (u64, u64, u64),
    unit: &str,
) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (low..=high).contains(n))
            .ok_or_else(|| bad(setting, format!("'{v}' is not a number of {unit} from {low} to {high}"))),
    }
}

/// The keys a TOML file may set (all optional), named like the variables
/// without the prefix: `database_url`, `addr`, `base_url`, `log_level`, `site_root`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    addr: Option<String>,
    base_url: Option<String>,
    log_level: Option<String>,
    site_root: Option<String>,
    trusted_proxies: Option<String>,
    max_body_bytes: Option<String>,
    max_batch_bytes: Option<String>,
    webhook_first_retry_secs: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    decision_link_hours: Option<String>,
    capture_tick_secs: Option<String>,
}

const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

impl Settings {
    /// Reads the file (if given) and the process environment.
    pub fn load(file: Option<&std::path::Path>) -> Result<Settings, ConfigError> {
        Self::load_from(file, |k| std::env::var(k).ok())
    }

    /// Like `load`, with the environment given as a function (for tests).
    pub fn load_from(
        file: Option<&std::path::Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let from_file = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| bad("--config", format!("cannot read {}: {e}", path.display())))?;
                toml::from_str::<FileSettings>(&text)
                    .map_err(|e| bad("--config", format!("{} is not valid: {}", path.display(), e.message())))?
            }
            None => FileSettings::default(),
        };
        // The environment wins over the file, which wins over the defaults.
        let pick = |var: &str, file_value: Option<String>| env(var).filter(|v| !v.trim().is_empty()).or(file_value);

        let database_url = pick("SECONDLOOK_DATABASE_URL", from_file.database_url)
            .unwrap_or_else(|| "sqlite://data/secondlook.db".to_string());
        domain::db::connect_options(&database_url).map_err(|e| bad("SECONDLOOK_DATABASE_URL", e.to_string()))?;

        let addr_text = pick("SECONDLOOK_ADDR", from_file.addr).unwrap_or_else(|| "127.0.0.1:3000".to_string());
        let addr: SocketAddr = addr_text
            .trim()
            .parse()
            .map_err(|_| bad("SECONDLOOK_ADDR", format!("'{addr_text}' is not an address such as 127.0.0.1:3000")))?;

        let base_url = pick("SECONDLOOK_BASE_URL", from_file.base_url).unwrap_or_else(|| format!("http://{addr}"));
        let base_url = base_url.trim().trim_end_matches('/').to_string();
        let host = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.contains(char::is_whitespace)) {
            return Err(bad("SECONDLOOK_BASE_URL", format!("'{base_url}' is not an http:// or https:// address")));
        }

        let log_level = pick("SECONDLOOK_LOG_LEVEL", from_file.log_level).unwrap_or_else(|| "info".to_string());
        let log_level = log_level.trim().to_lowercase();
        if !LEVELS.contains(&log_level.as_str()) {
            return Err(bad("SECONDLOOK_LOG_LEVEL", format!("'{log_level}' is not one of {}", LEVELS.join(", "))));
        }

        let proxies = pick("SECONDLOOK_TRUSTED_PROXIES", from_file.trusted_proxies).unwrap_or_default();
        let trusted_proxies = proxies
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<std::net::IpAddr>().map_err(|_| {
                    bad("SECONDLOOK_TRUSTED_PROXIES", format!("'{p}' is not an IP address such as 127.0.0.1"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let site_root = pick("SECONDLOOK_SITE_ROOT", from_file.site_root).map(|r| PathBuf::from(r.trim()));
        let bytes = |var: &str, value: Option<String>, default: usize| -> Result<usize, ConfigError> {
            match value {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 1024)
                    .ok_or_else(|| bad(var, format!("'{v}' is not a size in bytes of at least 1024"))),
            }
        };
        let max_body_bytes = bytes(
            "SECONDLOOK_MAX_BODY_BYTES",
            pick("SECONDLOOK_MAX_BODY_BYTES", from_file.max_body_bytes),
            256 * 1024,
        )?;
        let max_batch_bytes = bytes(
            "SECONDLOOK_MAX_BATCH_BYTES",
            pick("SECONDLOOK_MAX_BATCH_BYTES", from_file.max_batch_bytes),
            8 * 1024 * 1024,
        )?;
        let webhook_first_retry_secs = number(
            "SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS",
            pick("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS", from_file.webhook_first_retry_secs),
            (1, 3600, 10),
            "seconds",
        )?;
        let decision_link_hours = number(
            "SECONDLOOK_DECISION_LINK_HOURS",
            pick("SECONDLOOK_DECISION_LINK_HOURS", from_file.decision_link_hours),
            (1, 168, 24),
            "hours",
        )? as u32;
        let capture_tick = number(
            "SECONDLOOK_CAPTURE_TICK_SECS",
            pick("SECONDLOOK_CAPTURE_TICK_SECS", from_file.capture_tick_secs),
            (1, 60, 15),
            "seconds",
        )?;
        let smtp_url = pick("SECONDLOOK_SMTP_URL", from_file.smtp_url).map(|u| u.trim().to_string());
        if let Some(url) = &smtp_url {
            crate::jobs::email::check_url(url).map_err(|m| bad("SECONDLOOK_SMTP_URL", m))?;
        }
        let mail_from = pick("SECONDLOOK_MAIL_FROM", from_file.mail_from)
            .unwrap_or_else(|| "Second Look <secondlook@localhost>".into());
        mail_from.trim().parse::<lettre::message::Mailbox>().map_err(|_| {
            bad(
                "SECONDLOOK_MAIL_FROM",
                format!("'{mail_from}' is not an address such as Second Look <look@example.com>"),
            )
        })?;
        Ok(Settings {
            database_url,
            addr,
            base_url,
            log_level,
            site_root,
            trusted_proxies,
            max_body_bytes,
            max_batch_bytes,
            webhook_first_retry_secs,
            smtp_url,
            mail_from: mail_from.trim().to_string(),
            decision_link_hours,
            capture_every: std::time::Duration::from_secs(capture_tick),
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)], file: Option<&str>) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secondlook.toml");
        if let Some(text) = file {
            std::fs::write(&path, text).unwrap();
        }
        Settings::load_from(file.map(|_| path.as_path()), |k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let s = load(&[], None).unwrap();
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database_url, "sqlite://data/secondlook.db");
        assert_eq!(s.base_url, "http://127.0.0.1:3000");
        assert_eq!(s.log_level, "info");
        assert!(!s.secure_cookies());
    }

    #[test]
    fn environment_beats_file_beats_defaults() {
        let file = "addr = \"127.0.0.1:4000\"\nlog_level = \"debug\"\n";
        let s = load(&[("SECONDLOOK_ADDR", "127.0.0.1:5000")], Some(file)).unwrap();
        assert_eq!(s.addr.port(), 5000);
        assert_eq!(s.log_level, "debug");
        assert_eq!(s.base_url, "http://127.0.0.1:5000");
    }

    #[test]
    fn bad_values_name_the_setting() {
        let e = load(&[("SECONDLOOK_ADDR", "nowhere")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_ADDR: "), "{e}");
        let e = load(&[("SECONDLOOK_LOG_LEVEL", "loud")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_LOG_LEVEL: "), "{e}");
        let e = load(&[("SECONDLOOK_BASE_URL", "ftp://x")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_BASE_URL: "), "{e}");
        let e = load(&[("SECONDLOOK_DATABASE_URL", "postgres://x")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_DATABASE_URL: "), "{e}");
        let e = load(&[("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS", "0")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_WEBHOOK_FIRST_RETRY_SECS: "), "{e}");
        let e = load(&[("SECONDLOOK_SMTP_URL", "http://mail.example")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_SMTP_URL: "), "{e}");
        let e = load(&[("SECONDLOOK_MAIL_FROM", "not an address")], None).unwrap_err();
        assert!(e.to_string().starts_with("SECONDLOOK_MAIL_FROM: "), "{e}");
        assert!(load(&[("SECONDLOOK_SMTP_URL", "smtp://user:pw@mail.example:587")], None).is_ok());
        let e = load(&[], Some("port = 1")).unwrap_err();
        assert!(e.to_string().starts_with("--config: "), "{e}");
        assert!(load(&[("SECONDLOOK_BASE_URL", "https://look.example.com/")], None).unwrap().secure_cookies());
    }
}
