//! Building the application: database, routes, listener. Tests build it on
//! port 0 with their own database file.

use std::net::SocketAddr;

use anyhow::Context;
use axum::{
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

use crate::{
    config::Settings,
    http::{assets, export, fn_errors, guard, health, report, review_next, security, upload, AppState},
};

pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
}

impl Application {
    /// Opens and migrates the database, then binds the listener. Any failure
    /// here stops start-up with a message that says what to fix.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = domain::db::open_and_migrate(&settings.database_url).await?;
        let rebuilt = domain::drift::days::rebuild_if_missing(&db).await?;
        if rebuilt > 0 {
            tracing::info!(outputs = rebuilt, "built the daily drift figures from existing outputs");
        }
        let ingestor = domain::outputs::Ingestor::open(&settings.database_url).await?;
        let now = chrono::Utc::now();
        let interrupted = domain::mail::outbox::settle_interrupted(&db, now, now).await?;
        if interrupted > 0 {
            tracing::warn!(
                emails = interrupted,
                "emails were being sent when the server stopped; marked as possibly not arrived on the outbox page"
            );
        }
        let sealer = domain::sealing::Sealer::for_database(&settings.database_url)?;
        let sealed = domain::sealing::seal_plain_webhook_secrets(&db, &sealer).await?;
        if sealed > 0 {
            tracing::info!(secrets = sealed, "sealed webhook secrets stored by an earlier version");
        }
        let unopenable = domain::sealing::unopenable_webhook_secrets(&db, &sealer).await?;
        if unopenable > 0 {
            tracing::error!(
                touchpoints = unopenable,
                key_file = ?domain::sealing::key_path(&settings.database_url),
                "webhook signing secrets cannot be opened with this key file (was the database moved without it?): put the old key file back, or make new secrets on those touchpoints' pages; their webhooks wait until then"
            );
        }
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {} (is another program using that port?)", settings.addr))?;
        let addr = listener.local_addr().context("reading the listening address")?;
        let mut settings = settings;
        // The default base URL follows the address actually bound (port 0 in tests).
        if settings.base_url == format!("http://{}", settings.addr) {
            settings.base_url = format!("http://{addr}");
        }
        // The bundle's hashed name, from the binary or from the folder that overrides it.
        let stem = match &settings.site_root {
            Some(root) => assets::stem_on_disk(root),
            None => assets::embedded_stem(),
        };
        if stem.is_none() {
            tracing::warn!(
                "no client bundle found: pages work but stay static (build one with `cargo xtask site`, then the server)"
            );
        }
        let leptos_options = LeptosOptions::builder()
            .output_name(stem.unwrap_or_else(|| "secondlook".into()))
            .site_root(settings.site_root.as_ref().map_or("target/site".into(), |r| r.to_string_lossy().to_string()))
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        crate::jobs::spawn_scheduler(db.clone());
        domain::facts::recheck::resume(&db).await.context("resuming the fact re-checks")?;
        domain::imports::jobs::resume(&db, &ingestor).await.context("resuming the imports a restart cut off")?;
        crate::jobs::spawn_webhook_sender(db.clone(), sealer.clone(), settings.webhook_first_retry_secs);
        crate::jobs::spawn_capture_poller(db.clone(), ingestor.clone(), sealer.clone(), settings.capture_every);
        crate::jobs::email::Mailer::new(
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            &settings.base_url,
            sealer.clone(),
        )?
        .spawn(db.clone());
        let router = router(AppState::new(leptos_options, db, ingestor, sealer, settings));
        Ok(Application { listener, router, addr })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!("Second Look is listening on http://{}", self.addr);
        // Pages stream in several small writes; without TCP_NODELAY a kept-alive
        // connection waits ~40 ms for the client's delayed ACK between them.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp: &mut tokio::net::TcpStream| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

fn router(state: AppState) -> Router {
    let context = {
        let db = state.db.clone();
        let ingestor = state.ingestor.clone();
        let sealer = state.sealer.clone();
        let web = app::ssr::WebSettings {
            secure_cookies: state.settings.secure_cookies(),
            base_url: state.settings.base_url.clone(),
            sends_email: state.settings.smtp_url.is_some(),
            decision_link_hours: state.settings.decision_link_hours,
            trusted_proxies: state.settings.trusted_proxies.clone(),
        };
        move || {
            provide_context(db.clone());
            provide_context(ingestor.clone());
            provide_context(sealer.clone());
            provide_context(web.clone());
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };
    let routes = route_list();
    // Files come from the binary unless a folder on disk was asked for.
    let files = if state.settings.site_root.is_none() { assets::router() } else { Router::new() };
    Router::new()
        .merge(files)
        .route("/healthz", get(health::healthz))
        .route("/review/next", get(review_next::review_next))
        .route("/export/file", get(export::download))
        .route("/monthly/{month}/report", get(report::monthly))
        .nest("/api/v1", crate::api::router())
        .route(
            "/touchpoints/{id}/import",
            post(upload::upload).layer(DefaultBodyLimit::max(domain::imports::jobs::MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), guard::page_guard))
        .layer(middleware::from_fn(fn_errors::client_mistakes_are_400))
        .layer(middleware::from_fn(security::same_origin))
        .layer(middleware::from_fn(security::limit_form_bodies))
        .layer(middleware::from_fn(security::headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// The app's routes, listed once per process. Listing them renders the app
/// with every resource load suppressed through a process-wide flag, so a
/// page rendered meanwhile by another app in the same process (the API
/// tests run dozens) would wait forever for its data (leptos#4773).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The span each request is logged in: method and path, never the query
/// string (a password-reset link carries its token there).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
