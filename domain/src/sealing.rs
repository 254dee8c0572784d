//! Secrets the server must read back — webhook signing secrets, which sign
//! every delivery — cannot be stored hashed. They are stored *sealed*
//! (ChaCha20-Poly1305) with a key kept in a file beside the database, never
//! in it: a copy of the database alone (a backup on a shared drive, a stolen
//! file) does not give away the secrets. Tokens that are only checked
//! (sessions, ingest tokens, reset links) are stored as hashes instead.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use chacha20poly1305::{
    aead::{Aead, KeyInit},
    ChaCha20Poly1305, Key, Nonce,
};
use rand::RngCore;

const PREFIX: &str = "sealed:v1:";

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("cannot read or create the key file {0}: {1}")]
    KeyFile(PathBuf, std::io::Error),
    #[error("the key file {0} is damaged (it should hold 64 hexadecimal characters)")]
    BadKey(PathBuf),
    #[error("a stored secret cannot be opened with this server's key file (was the database moved without it?)")]
    WrongKey,
}

/// Seals and opens stored secrets with one key.
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)") // never the key
    }
}

impl Sealer {
    fn from_bytes(key: [u8; 32]) -> Sealer {
        Sealer { cipher: ChaCha20Poly1305::new(Key::from_slice(&key)) }
    }

    /// A key that lives only in memory (an in-memory database).
    pub fn ephemeral() -> Sealer {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Sealer::from_bytes(key)
    }

    /// Reads the key from `path`, creating it (readable by this user only)
    /// the first time.
    pub fn load_or_create(path: &Path) -> Result<Sealer, SealError> {
        let failed = |e| SealError::KeyFile(path.to_path_buf(), e);
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
                bytes.map(Sealer::from_bytes).ok_or_else(|| SealError::BadKey(path.to_path_buf()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                // Written whole under a temporary name, then linked into
                // place: another process never reads a half-written key, and
                // if one made the file first, its key wins.
                let temp = path.with_extension(format!("key-{}.tmp", std::process::id()));
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create(true).truncate(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let written = options.open(&temp).and_then(|mut file| {
                    file.write_all(format!("{}\n", hex::encode(key)).as_bytes()).and_then(|_| file.sync_all())
                });
                let linked = written.and_then(|_| std::fs::hard_link(&temp, path));
                let _ = std::fs::remove_file(&temp);
                match linked {
                    Ok(()) => Ok(Sealer::from_bytes(key)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Sealer::load_or_create(path),
                    Err(e) => Err(failed(e)),
                }
            }
            Err(e) => Err(failed(e)),
        }
    }

    /// The key for the database at `url`: `<database file>.key` beside it,
    /// or an in-memory key for an in-memory database.
    pub fn for_database(url: &str) -> Result<Sealer, SealError> {
        match key_path(url) {
            Some(path) => Sealer::load_or_create(&path),
            None => Ok(Sealer::ephemeral()),
        }
    }

    pub fn seal(&self, secret: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), secret.as_bytes())
            .expect("ChaCha20-Poly1305 seals any length we store");
        format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// The secret inside `stored`. A value stored before sealing existed
    /// (no prefix) is returned as it is; `seal_plain_webhook_secrets`
    /// upgrades those at start-up.
    pub fn open(&self, stored: &str) -> Result<String, SealError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else { return Ok(stored.to_string()) };
        let bytes = hex::decode(rest).map_err(|_| SealError::WrongKey)?;
        if bytes.len() < 12 {
            return Err(SealError::WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| SealError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| SealError::WrongKey)
    }
}

/// Where the key file of the database at `url` lives (None: in memory).
pub fn key_path(url: &str) -> Option<PathBuf> {
    let opts = crate::db::connect_options(url).ok()?;
    let file = opts.get_filename();
    let name = file.to_string_lossy();
    if name.is_empty() || name == ":memory:" || name.contains("in-memory") {
        return None;
    }
    let mut name = file.as_os_str().to_owned();
    name.push(".key");
    Some(PathBuf::from(name))
}

/// Seals webhook secrets stored in plain text by an earlier version.
pub async fn seal_plain_webhook_secrets(db: &crate::Db, sealer: &Sealer) -> crate::Result<u64> {
    let plain: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, webhook_secret FROM touchpoints WHERE webhook_secret IS NOT NULL AND webhook_secret NOT LIKE 'sealed:%'")
            .fetch_all(db)
            .await?;
    for (id, secret) in &plain {
        sqlx::query("UPDATE touchpoints SET webhook_secret = ? WHERE id = ?")
            .bind(sealer.seal(secret))
            .bind(id)
            .execute(db)
            .await?;
    }
    Ok(plain.len() as u64)
}

/// How many stored webhook secrets this key cannot open (the database was
/// moved or restored without its key file): worth a loud word at start-up.
pub async fn unopenable_webhook_secrets(db: &crate::Db, sealer: &Sealer) -> crate::Result<usize> {
    let sealed: Vec<String> =
        sqlx::query_scalar("SELECT webhook_secret FROM touchpoints WHERE webhook_secret LIKE 'sealed:%'")
            .fetch_all(db)
            .await?;
    Ok(sealed.iter().filter(|s| sealer.open(s).is_err()).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_never_look_alike() {
        let sealer = Sealer::ephemeral();
        let a = sealer.seal("whsec_abc");
        let b = sealer.seal("whsec_abc");
        assert!(a.starts_with(PREFIX) && !a.contains("whsec_abc"));
        assert_ne!(a, b, "a fresh nonce every time");
        assert_eq!(sealer.open(&a).unwrap(), "whsec_abc");
        assert!(matches!(Sealer::ephemeral().open(&a), Err(SealError::WrongKey)), "another key cannot open it");
        let mut tampered = a.clone();
        tampered.replace_range(tampered.len() - 2.., "00");
        assert!(sealer.open(&tampered).is_err(), "a changed value is refused, not misread");
        assert_eq!(sealer.open("whsec_old_plain").unwrap(), "whsec_old_plain", "values from before sealing still open");
    }

    #[test]
    fn the_key_file_is_made_once_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/app.db", dir.path().display());
        let path = key_path(&url).unwrap();
        assert_eq!(path, dir.path().join("app.db.key"));
        let first = Sealer::for_database(&url).unwrap();
        let sealed = first.seal("whsec_x");
        assert_eq!(Sealer::for_database(&url).unwrap().open(&sealed).unwrap(), "whsec_x", "the same key next start");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(Sealer::for_database(&url), Err(SealError::BadKey(_))));
        assert_eq!(key_path("sqlite::memory:"), None);
    }
}
