//! The client bundle and public files, served from the binary itself
//! (embedded by `build.rs`): precompressed (brotli at build time, gzip at
//! start-up), with ETags. The bundle's names carry a content hash, so it is
//! cached for a year as immutable; public files are revalidated daily.
//! `SECONDLOOK_SITE_ROOT` serves a folder from disk instead (development).

use axum::Router;
use memory_serve::{load, CacheControl};

/// The bundle's file stem (`secondlook.<hash>`), if one is embedded.
pub fn embedded_stem() -> Option<String> {
    stem_in(load!("pkg").manifest().iter().map(|(route, _)| route.trim_start_matches('/').to_string()))
}

/// The stem in a folder on disk (`SECONDLOOK_SITE_ROOT/pkg`).
pub fn stem_on_disk(site_root: &std::path::Path) -> Option<String> {
    let names = std::fs::read_dir(site_root.join("pkg")).ok()?;
    stem_in(names.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()))
}

/// `secondlook.<hash>` from a list holding `secondlook.<hash>.js`.
fn stem_in(names: impl Iterator<Item = String>) -> Option<String> {
    names.filter_map(|n| n.strip_suffix(".js").map(str::to_string)).find(|s| s.starts_with("secondlook."))
}

/// The routes for the embedded files: `/pkg/…` and each public file.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let pkg = load!("pkg").index_file(None).cache_control(CacheControl::Long).enable_brotli(true).enable_gzip(true);
    let public = load!("public").index_file(None).enable_brotli(true).enable_gzip(true);
    Router::new().nest("/pkg", pkg.into_router()).merge(public.into_router())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stem_is_the_hashed_scripts_name() {
        let names = ["secondlook.0123abcd.wasm", "secondlook.0123abcd.css", "secondlook.0123abcd.js"];
        assert_eq!(super::stem_in(names.iter().map(|s| s.to_string())).as_deref(), Some("secondlook.0123abcd"));
        assert_eq!(super::stem_in(["favicon.svg".to_string()].into_iter()), None);
    }
}
