//! What every handler shares: the store, the clock, the core's linter and composer.

use std::sync::Arc;

use amends_core::calendar::{Calendar, CalendarConfig};
use amends_core::compose::Composer;
use amends_core::links::{Keyring, Secret};
use amends_core::lint::Linter;
use amends_core::listen::Taxonomy;
use amends_core::sla::{DEFAULT_QUIET_PERIOD, FollowUpDays, SlaPolicy};
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
    /// How feedback links in emails are signed and where they point.
    pub links: FeedbackLinks,
    /// The SLA targets a new case's due times are counted from, on `calendar`.
    pub sla: SlaPolicy,
}

/// Signed feedback links: the keys, the public address of this server, how long links last.
#[derive(Debug, Clone)]
pub struct FeedbackLinks {
    /// The current key signs; previous keys still verify links already sent.
    pub keyring: Keyring,
    /// Where customers reach this server, such as `https://support.example.com`.
    pub public_url: String,
    /// How long a link stays valid.
    pub lifetime: TimeDelta,
}

impl FeedbackLinks {
    /// Links signed with a fresh random key, valid until the process exits: for tests and
    /// for a server with no `[links]` configured (it logs a warning).
    pub fn ephemeral(public_url: impl Into<String>) -> Self {
        let key = amends_store::secret::random_hex(32);
        let secret = Secret::new("ephemeral", key.into_bytes()).expect("64 hex characters are a long enough key");
        FeedbackLinks {
            keyring: Keyring::new(secret, Vec::new()),
            public_url: public_url.into(),
            lifetime: TimeDelta::days(30),
        }
    }
}

impl Default for WorkflowSettings {
    fn default() -> Self {
        WorkflowSettings {
            mail_from: amends_delivery::DEFAULT_SENDER.to_owned(),
            message_id_domain: amends_delivery::DEFAULT_MESSAGE_ID_DOMAIN.to_owned(),
            quiet_period: DEFAULT_QUIET_PERIOD,
            calendar: CalendarConfig::default().build().expect("the default calendar is valid"),
            follow_up_days: FollowUpDays::default(),
            links: FeedbackLinks::ephemeral("http://127.0.0.1:8080"),
            sla: SlaPolicy::default(),
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
