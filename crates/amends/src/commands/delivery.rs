//! What `amends serve` and `amends worker` share: the channels outgoing messages take and
//! how the worker paces itself, from `amends.toml` and the environment.

use std::env;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use amends_core::links::{Keyring, Secret};
use amends_delivery::{
    DEFAULT_MESSAGE_ID_DOMAIN, DEFAULT_SENDER, OutboxFolder, SmtpConfig, SmtpSender, WebhookSecret, WebhookSender,
};
use amends_server::{FeedbackLinks, WorkflowSettings};
use amends_store::{Clock, Store};
use amends_worker::{Channels, EscalationSettings, Escalator, StatsSnapshot, Worker, WorkerSettings};
use anyhow::Context as _;
use chrono::TimeDelta;

use crate::settings::Settings;

/// The environment variable naming the SMTP server (`smtp://host:port`); it overrides `[smtp]`.
pub(crate) const SMTP_VARIABLE: &str = "AMENDS_SMTP_URL";
/// The environment variable naming the outbox folder.
pub(crate) const OUTBOX_VARIABLE: &str = "AMENDS_OUTBOX_DIR";
/// The environment variable holding the webhook signing secret.
pub(crate) const WEBHOOK_SECRET_VARIABLE: &str = "AMENDS_WEBHOOK_SECRET";
/// The outbox folder when nothing names one.
pub(crate) const DEFAULT_OUTBOX: &str = "./outbox";
/// How long webhook receivers get to answer.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// The channels: SMTP when `AMENDS_SMTP_URL` or `[smtp]` names a server, else the outbox
/// folder; webhooks when a secret is set.
fn channels(settings: &Settings) -> anyhow::Result<(Channels, String)> {
    let smtp = match env::var(SMTP_VARIABLE).ok().filter(|url| !url.is_empty()) {
        Some(url) => Some(url.parse::<SmtpConfig>().with_context(|| format!("{SMTP_VARIABLE}=`{url}`"))?),
        None => settings.smtp.clone(),
    };
    let (mail, description): (Arc<dyn amends_delivery::MailTransport>, String) = match smtp {
        Some(config) => {
            let description = format!("SMTP {}:{}", config.host, config.port);
            (Arc::new(SmtpSender::new(config)), description)
        }
        None => {
            let folder = env::var(OUTBOX_VARIABLE)
                .ok()
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
                .or_else(|| settings.mail.as_ref().and_then(|mail| mail.outbox_dir.clone()))
                .unwrap_or_else(|| PathBuf::from(DEFAULT_OUTBOX));
            let description = format!("the outbox folder {}", folder.display());
            (Arc::new(OutboxFolder::new(folder)), description)
        }
    };
    let secret = env::var(WEBHOOK_SECRET_VARIABLE)
        .ok()
        .filter(|secret| !secret.is_empty())
        .or_else(|| settings.webhooks.as_ref().and_then(|webhooks| webhooks.secret.clone()));
    let webhooks = match secret {
        Some(secret) => {
            let secret: WebhookSecret =
                secret.parse().context("the webhook secret (`[webhooks] secret` or AMENDS_WEBHOOK_SECRET)")?;
            Some(Arc::new(WebhookSender::new(secret, WEBHOOK_TIMEOUT)?))
        }
        None => None,
    };
    Ok((Channels { mail, webhooks }, description))
}

/// The environment variable naming the sender of every email.
pub(crate) const MAIL_FROM_VARIABLE: &str = "AMENDS_MAIL_FROM";

/// How replies and follow-ups go out: `[mail]`, `[calendar]`, `[worker] quiet-minutes`.
pub(crate) fn workflow_settings(settings: &Settings, bind: &str) -> anyhow::Result<WorkflowSettings> {
    let defaults = WorkflowSettings::default();
    let (mail_from, message_id_domain) = sender(settings);
    let calendar = match &settings.calendar {
        Some(config) => config.build().context("amends.toml [calendar]")?,
        None => defaults.calendar.clone(),
    };
    let quiet = settings.worker.as_ref().and_then(|worker| worker.quiet_minutes);
    let links = feedback_links(settings, bind)?;
    let sla = match &settings.sla {
        Some(config) => config.build().context("amends.toml [sla]")?,
        None => defaults.sla,
    };
    Ok(WorkflowSettings {
        links,
        sla,
        message_id_domain,
        mail_from,
        quiet_period: quiet.map_or(defaults.quiet_period, |minutes| TimeDelta::minutes(minutes.into())),
        calendar,
        follow_up_days: defaults.follow_up_days,
    })
}

/// The environment variable holding the link-signing key.
pub(crate) const LINK_SECRET_VARIABLE: &str = "AMENDS_LINK_SECRET";
/// The environment variable naming the server's public address.
pub(crate) const PUBLIC_URL_VARIABLE: &str = "AMENDS_PUBLIC_URL";

/// The feedback links: `AMENDS_LINK_SECRET` or `[links] secret` signs; `[links] previous`
/// keys still verify. A key's id is the start of its SHA-256, so a key keeps its id when it
/// moves from `secret` to `previous` and its links keep verifying. Without a secret, a random key lives as long
/// as the process, and links in emails stop working after a restart: say so loudly.
fn feedback_links(settings: &Settings, bind: &str) -> anyhow::Result<FeedbackLinks> {
    let section = settings.links.clone().unwrap_or_default();
    let public_url = env::var(PUBLIC_URL_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty())
        .or(section.public_url)
        .unwrap_or_else(|| format!("http://{bind}"));
    let secret = env::var(LINK_SECRET_VARIABLE).ok().filter(|secret| !secret.is_empty()).or(section.secret);
    let Some(secret) = secret else {
        tracing::warn!(
            "no link-signing key: feedback links in emails will stop working when this process exits; \
             set `[links] secret` in amends.toml or {LINK_SECRET_VARIABLE}"
        );
        return Ok(FeedbackLinks::ephemeral(public_url));
    };
    let key = |text: String| {
        let id = amends_store::secret::hash_token(&text)[..8].to_owned();
        Secret::new(id, text.into_bytes()).context("a link-signing key (`[links] secret` or AMENDS_LINK_SECRET)")
    };
    let current = key(secret)?;
    let previous = section.previous.into_iter().map(key).collect::<anyhow::Result<Vec<_>>>()?;
    let lifetime = TimeDelta::days(section.lifetime_days.unwrap_or(30).into());
    Ok(FeedbackLinks { keyring: Keyring::new(current, previous), public_url, lifetime })
}

/// The sender of every email and the domain of its Message-IDs: `AMENDS_MAIL_FROM` or
/// `[mail] from`, and `[mail] message-id-domain` or the sender's domain.
fn sender(settings: &Settings) -> (String, String) {
    let mail = settings.mail.clone().unwrap_or_default();
    let from = env::var(MAIL_FROM_VARIABLE).ok().filter(|from| !from.is_empty()).or(mail.from);
    let domain_of_sender = from
        .as_deref()
        .and_then(|from| from.rsplit_once('@'))
        .map(|(_, domain)| domain.trim_end_matches('>').trim().to_owned())
        .filter(|domain| !domain.is_empty());
    let domain = mail.message_id_domain.or(domain_of_sender).unwrap_or_else(|| DEFAULT_MESSAGE_ID_DOMAIN.to_owned());
    (from.unwrap_or_else(|| DEFAULT_SENDER.to_owned()), domain)
}

/// Who hears about SLA escalations: `[escalation]`, with the sender of `[mail]`.
fn escalation_settings(settings: &Settings) -> EscalationSettings {
    let section = settings.escalation.clone().unwrap_or_default();
    let defaults = EscalationSettings::default();
    let (mail_from, message_id_domain) = sender(settings);
    EscalationSettings {
        warning: section.warning_minutes.map_or(defaults.warning, |minutes| TimeDelta::minutes(minutes.into())),
        webhook_url: section.webhook_url,
        team_email: section.team_email,
        mail_from,
        message_id_domain,
    }
}

/// A worker over `store` with the channels, pace and escalations `settings` name; `role`
/// (`serve` or `worker`) starts its name. Logs where it delivers.
pub(crate) fn worker(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: &Settings,
    pace: &PaceArgs,
    role: &str,
) -> anyhow::Result<Worker> {
    let (channels, description) = channels(settings)?;
    let pace = worker_settings(settings, pace, role);
    tracing::info!(worker = %pace.name, backend = store.backend(), "delivering queued messages to {description}");
    let escalator = Escalator::new(Arc::clone(&store), Arc::clone(&clock), escalation_settings(settings));
    Ok(Worker::new(store, clock, channels, pace).with_escalator(escalator))
}

/// Logs a stopped worker's counts, as one line a script can read.
pub(crate) fn log_stopped(stats: StatsSnapshot) -> anyhow::Result<()> {
    tracing::info!(stats = %serde_json::to_string(&stats)?, "worker stopped: {stats}");
    Ok(())
}

/// Overrides of the worker's pace from the command line.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct PaceArgs {
    /// Seconds a claim holds a job unless renewed (`[worker] lease-secs`, default 60).
    #[arg(long, value_name = "SECONDS")]
    lease_secs: Option<u64>,
    /// Jobs claimed and recorded together (`[worker] batch`, default 64).
    #[arg(long, value_name = "N")]
    batch: Option<u32>,
    /// Messages sent at the same time (`[worker] concurrency`, default 16).
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,
}

/// The worker's settings: the command line, then `[worker]`, then the defaults.
fn worker_settings(settings: &Settings, pace: &PaceArgs, role: &str) -> WorkerSettings {
    let section = settings.worker.clone().unwrap_or_default();
    let defaults = WorkerSettings::default();
    let host = env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    WorkerSettings {
        name: format!("{role}@{host}:{}", std::process::id()),
        lease: pace.lease_secs.or(section.lease_secs).map_or(defaults.lease, Duration::from_secs),
        batch: pace.batch.or(section.batch).unwrap_or(defaults.batch),
        concurrency: pace.concurrency.or(section.concurrency).unwrap_or(defaults.concurrency),
        quiet_period: section.quiet_minutes.map_or(defaults.quiet_period, |minutes| TimeDelta::minutes(minutes.into())),
        ..defaults
    }
}
