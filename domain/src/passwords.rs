//! Password hashing (argon2id) and the password policy.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use rand::Rng;

use crate::{DomainError, Result};

pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 200;

/// Checks the policy: long enough to resist guessing, short enough to hash.
pub fn check_policy(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(DomainError::invalid("password", format!("The password must be at least {MIN_LEN} characters.")));
    }
    if n > MAX_LEN {
        return Err(DomainError::invalid("password", format!("The password must be at most {MAX_LEN} characters.")));
    }
    Ok(())
}

/// Hashes with argon2id (the crate's default parameters: 19 MiB, 2 passes).
/// CPU-heavy: call it from a blocking thread in async code.
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("hashing a password failed: {e}")))
}

/// True when `password` matches the stored `hash`.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Hashes on a blocking thread so the async runtime keeps serving.
pub async fn hash_async(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("password hashing task failed: {e}")))?
}

/// Verifies on a blocking thread.
pub async fn verify_async(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &hash)).await.unwrap_or(false)
}

/// A random password for people who did not choose one (printed once).
/// No look-alike characters, so it can be read out or typed from a screen.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_and_verifies() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn policy_and_generator() {
        assert!(check_policy("short").is_err());
        assert!(check_policy(&"x".repeat(201)).is_err());
        let p = generate();
        assert_eq!(p.len(), 16);
        assert!(check_policy(&p).is_ok());
        assert_ne!(generate(), p);
    }
}
