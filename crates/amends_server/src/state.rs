//! What every handler shares: the store, the clock, the core's linter and composer.

use std::sync::Arc;

use amends_core::calendar::{Calendar, CalendarConfig};
use amends_core::compose::Composer;
use amends_core::lint::Linter;
use amends_core::listen::Taxonomy;
use amends_core::sla::{DEFAULT_QUIET_PERIOD, FollowUpDays};
use amends_store::Store;
use chrono::TimeDelta;

use crate::auth::TokenCache;
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

/// How replies and follow-ups go out: the sender, the Message-ID domain, the quiet period
/// and the calendar follow-ups are scheduled in.
#[derive(Debug, Clone)]
pub struct WorkflowSettings {
    /// The `From` of every email, such as `Acme Support <support@acme.example>`.
    pub mail_from: String,
    /// The right-hand side of every Message-ID.
    pub message_id_domain: String,
    /// How long after the customer's last message an automatic send waits.
    pub quiet_period: TimeDelta,
    /// The team's working hours and holidays.
    pub calendar: Calendar,
    /// Business days after resolution a follow-up is due (1 to 2 by default).
    pub follow_up_days: FollowUpDays,
}

impl Default for WorkflowSettings {
    fn default() -> Self {
        WorkflowSettings {
            mail_from: "Customer Care <care@amends.localhost>".to_owned(),
            message_id_domain: "amends.localhost".to_owned(),
            quiet_period: DEFAULT_QUIET_PERIOD,
            calendar: CalendarConfig::default().build().expect("the default calendar is valid"),
            follow_up_days: FollowUpDays::default(),
        }
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
    pub(crate) tokens: Arc<TokenCache>,
    pub(crate) workflow: Arc<WorkflowSettings>,
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
            tokens: Arc::new(TokenCache::default()),
            workflow: Arc::new(WorkflowSettings::default()),
        }
    }

    /// The same state sending replies and follow-ups as `workflow` says.
    pub fn with_workflow(mut self, workflow: WorkflowSettings) -> Self {
        self.workflow = Arc::new(workflow);
        self
    }
}
