//! Random secrets (session and ingest tokens) and the hash stored for them.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes (256 bits) from the operating system's random source, as
/// hex, after `prefix` (which says what the token is for).
pub fn generate(prefix: &str) -> String {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!("{prefix}{}", hex::encode(raw))
}

/// What the database keeps instead of the token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
