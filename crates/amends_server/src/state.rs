//! What every handler shares: the store, the clock, the core's linter and composer.

use std::sync::Arc;

use amends_core::compose::Composer;
use amends_core::lint::Linter;
use amends_core::listen::Taxonomy;
use amends_store::Store;

use crate::rate_limit::{RateLimit, RateLimiter};
use amends_store::Clock;

/// Tunables of the HTTP layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerSettings {
    /// The largest request body accepted, in bytes; larger ones get 413.
    pub body_limit: usize,
    /// The per-token request budget.
    pub rate_limit: RateLimit,
}

/// 1 MiB: far above any case or message, small enough that a client cannot exhaust memory.
const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings { body_limit: DEFAULT_BODY_LIMIT, rate_limit: RateLimit::default() }
    }
}

/// The application: cheap to clone (everything is shared behind `Arc`s).
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) linter: Arc<Linter>,
    pub(crate) composer: Arc<Composer>,
    pub(crate) taxonomy: Arc<Taxonomy>,
    pub(crate) settings: ServerSettings,
    pub(crate) limiter: Arc<RateLimiter>,
}

impl AppState {
    /// The state over `store`, reading time from `clock`. The linter serves `POST /lint`
    /// (the binary gives it the spelling checker), the composer `POST /compose`, and the
    /// taxonomy reads inbound messages.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        linter: Linter,
        composer: Composer,
        taxonomy: Taxonomy,
        settings: ServerSettings,
    ) -> Self {
        AppState {
            store,
            clock,
            linter: Arc::new(linter),
            composer: Arc::new(composer),
            taxonomy: Arc::new(taxonomy),
            settings,
            limiter: Arc::new(RateLimiter::new(settings.rate_limit)),
        }
    }
}
