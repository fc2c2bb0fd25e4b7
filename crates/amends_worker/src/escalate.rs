//! SLA escalations: cases whose first response or resolution is due within the warning
//! window, or overdue, are recorded once per deadline and stage, and the team is told by
//! webhook and/or email — queued in the same transaction as the record.

use std::sync::Arc;

use amends_delivery::{Email, Webhook};
use amends_store::model::{Case, EscalationKind, JobKind, NewEscalation, NewJob, purpose};
use amends_store::{Change, Clock, Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

/// Who hears about escalations, and how early.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationSettings {
    /// How long before a deadline a case counts as at risk (default 1 hour).
    pub warning: TimeDelta,
    /// A webhook that receives every escalation (signed with the webhook secret).
    pub webhook_url: Option<String>,
    /// A team address that receives every escalation by email.
    pub team_email: Option<String>,
    /// The sender of those emails.
    pub mail_from: String,
    /// The right-hand side of their Message-IDs.
    pub message_id_domain: String,
}

impl Default for EscalationSettings {
    fn default() -> Self {
        EscalationSettings {
            warning: TimeDelta::hours(1),
            webhook_url: None,
            team_email: None,
            mail_from: amends_delivery::DEFAULT_SENDER.to_owned(),
            message_id_domain: amends_delivery::DEFAULT_MESSAGE_ID_DOMAIN.to_owned(),
        }
    }
}

/// Looks for deadlines at risk or missed and records them.
#[derive(Clone)]
pub struct Escalator {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: Arc<EscalationSettings>,
}

/// How many cases one sweep looks at.
const SWEEP_LIMIT: u32 = 500;

impl Escalator {
    /// An escalator over `store`, reading time from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: EscalationSettings) -> Self {
        Escalator { store, clock, settings: Arc::new(settings) }
    }

    /// One pass: records every new escalation due now; returns how many.
    pub async fn sweep(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let cases = self.store.cases_near_deadline(now + self.settings.warning, SWEEP_LIMIT).await?;
        let escalations: Vec<NewEscalation> = cases.iter().flat_map(|case| self.stages(case, now)).collect();
        if escalations.is_empty() {
            return Ok(0);
        }
        let recorded = self.store.escalate(&Change::new("system:sla", now), escalations).await?;
        for escalation in &recorded {
            let (case, kind, due) = (escalation.case_id, escalation.kind, escalation.due_at);
            tracing::warn!(%case, %kind, %due, "SLA escalation");
        }
        Ok(recorded.len())
    }

    /// The escalations `case` calls for at `now`.
    fn stages(&self, case: &Case, now: DateTime<Utc>) -> Vec<NewEscalation> {
        let horizon = now + self.settings.warning;
        let mut stages = Vec::new();
        let deadlines = [
            (
                case.first_responded_at.is_none(),
                case.first_response_due,
                EscalationKind::FirstResponseAtRisk,
                EscalationKind::FirstResponseBreached,
            ),
            (
                case.resolved_at.is_none(),
                case.resolution_due,
                EscalationKind::ResolutionAtRisk,
                EscalationKind::ResolutionBreached,
            ),
        ];
        for (open, due, at_risk, breached) in deadlines {
            let Some(due) = due.filter(|due| open && *due <= horizon) else { continue };
            let kind = if due <= now { breached } else { at_risk };
            stages.push(NewEscalation {
                case_id: case.id,
                kind,
                due_at: due,
                notify: self.notifications(case, kind, due),
            });
        }
        stages
    }

    fn notifications(&self, case: &Case, kind: EscalationKind, due: DateTime<Utc>) -> Vec<NewJob> {
        let settings = &self.settings;
        let id = format!("escalation.{}.{kind}", case.id);
        let event = json!({
            "type": format!("case.sla.{kind}"),
            "case_id": case.id,
            "priority": case.priority,
            "subject": case.subject,
            "due_at": due,
        });
        let job = |kind: JobKind, channel: &str, payload: serde_json::Value| NewJob {
            kind,
            purpose: purpose::ESCALATION.to_owned(),
            key: format!("{id}:{channel}"),
            case_id: Some(case.id),
            payload,
            run_at: self.clock.now(),
            max_attempts: None,
        };
        let mut jobs = Vec::new();
        if let Some(url) = &settings.webhook_url {
            let webhook = Webhook { id: id.clone(), url: url.clone(), body: event.to_string() };
            jobs.push(job(JobKind::Webhook, "webhook", serde_json::to_value(webhook).unwrap_or_default()));
        }
        if let Some(team) = &settings.team_email {
            let breached = matches!(kind, EscalationKind::FirstResponseBreached | EscalationKind::ResolutionBreached);
            let what = if breached { "is overdue" } else { "is due soon" };
            let deadline = match kind {
                EscalationKind::FirstResponseAtRisk | EscalationKind::FirstResponseBreached => "first response",
                EscalationKind::ResolutionAtRisk | EscalationKind::ResolutionBreached => "resolution",
            };
            let email = Email {
                message_id: format!("{id}@{}", settings.message_id_domain),
                from: settings.mail_from.clone(),
                to: vec![team.clone()],
                reply_to: None,
                subject: format!("[SLA] Case {}: the {deadline} {what}", case.id),
                text: format!(
                    "Case {} ({}, {}) — the {deadline} was due at {} and {what}.\n",
                    case.id,
                    case.subject,
                    case.priority,
                    due.to_rfc3339()
                ),
                html: None,
                headers: vec![("X-Amends-Case".to_owned(), case.id.to_string())],
            };
            jobs.push(job(JobKind::Email, "email", serde_json::to_value(email).unwrap_or_default()));
        }
        jobs
    }
}
