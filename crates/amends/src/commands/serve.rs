//! `amends serve`: the HTTP API.

use std::env;
use std::sync::Arc;

use amends_core::compose::{Composer, ComposerSettings};
use amends_core::lint::{LinterSettings, SelectionOverrides};
use amends_core::listen::Taxonomy;
use amends_server::{AppState, RateLimit, ServerSettings};
use anyhow::Context as _;
use std::process::ExitCode;
use tokio::net::TcpListener;

use super::database::{open_migrated, runtime, settings_and_database};
use super::delivery::{self, PaceArgs, workflow_settings};
use super::lint::linter;
use crate::clock::SystemClock;
use crate::settings::ServerSection;

/// The address when nothing names one: this machine only.
pub(crate) const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The environment variable naming the address.
pub(crate) const BIND_VARIABLE: &str = "AMENDS_BIND";

/// Arguments of `amends serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The database URL; else `AMENDS_DB`, `amends.toml` `[server] db`, `sqlite://amends.db`
    /// (created when absent). Migrations run at start.
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// The address to listen on; else `AMENDS_BIND`, `amends.toml` `[server] bind`,
    /// `127.0.0.1:8080`. Port 0 picks a free port (the log says which).
    #[arg(long, value_name = "ADDR")]
    bind: Option<String>,
    /// Do not deliver queued messages in this process (run `amends worker` instead); also
    /// `amends.toml` `[worker] in-serve = false`.
    #[arg(long)]
    no_worker: bool,
    #[command(flatten)]
    pace: PaceArgs,
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    init_logging();
    let (loaded, section, url) = settings_and_database(args.db.as_deref())?;
    let bind = args
        .bind
        .clone()
        .or_else(|| env::var(BIND_VARIABLE).ok().filter(|bind| !bind.is_empty()))
        .or_else(|| section.bind.clone())
        .unwrap_or_else(|| DEFAULT_BIND.to_owned());
    let lint_config = loaded.settings.lint.clone().unwrap_or_default();
    let linter_settings = LinterSettings::resolve(&lint_config, &SelectionOverrides::default())?;
    let composer = Composer::new(ComposerSettings { linter: linter_settings.clone(), ..ComposerSettings::default() })?;
    let clock = Arc::new(SystemClock::from_env()?);
    let workflow = workflow_settings(&loaded.settings, &bind)?;
    let in_serve =
        !args.no_worker && loaded.settings.worker.as_ref().and_then(|worker| worker.in_serve).unwrap_or(true);
    runtime()?.block_on(async {
        let store = open_migrated(&url).await?;
        let state = AppState::new(
            store.clone(),
            clock.clone(),
            linter(linter_settings),
            composer,
            Taxonomy::default(),
            server_settings(&section),
        )
        .with_workflow(workflow);
        let (stop_worker, worker) = if in_serve {
            let worker = delivery::worker(store.clone(), clock, &loaded.settings, &args.pace, "serve")?;
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let task = tokio::spawn(async move {
                worker.run(async move { stopped.await.unwrap_or_default() }).await;
                worker.stats().snapshot()
            });
            (Some(stop), Some(task))
        } else {
            (None, None)
        };
        let listener = TcpListener::bind(&bind).await.with_context(|| format!("cannot listen on {bind}"))?;
        let address = listener.local_addr()?;
        tracing::info!(%address, backend = store.backend(), "listening on http://{address}");
        amends_server::serve_with_listener(listener, state, shutdown_signal()).await?;
        if let (Some(stop), Some(worker)) = (stop_worker, worker) {
            stop.send(()).ok();
            delivery::log_stopped(worker.await?)?;
        }
        tracing::info!("stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn server_settings(section: &ServerSection) -> ServerSettings {
    let defaults = ServerSettings::default();
    ServerSettings {
        body_limit: section.body_limit.unwrap_or(defaults.body_limit),
        rate_limit: RateLimit {
            burst: section.rate_limit_burst.unwrap_or(defaults.rate_limit.burst),
            per_second: section.rate_limit_per_second.unwrap_or(defaults.rate_limit.per_second),
        },
    }
}

/// JSON lines on stderr, one per event, with the request span's fields (`request_id`);
/// `RUST_LOG` filters them (default `info`).
pub(crate) fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init();
}

/// Completes on Ctrl-C, or SIGTERM on Unix.
pub(crate) async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
