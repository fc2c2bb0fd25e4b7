//! The job queue: idempotent enqueueing, leases, fencing, retries, the dead letter, and the
//! transactional outbox of replies and resolutions.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use serde_json::json;

use super::{assert_invalid, at, case, customer, t0};
use crate::model::{
    CaseStatus, Channel, ClaimRequest, Direction, Enqueued, Finish, JobFilter, JobKind, JobState, LeaseRef,
    NewFollowUp, NewJob, NewMessage, Outcome, purpose,
};
use crate::{Change, PageRequest, Store};

const LEASE: Duration = Duration::from_secs(30);

/// An email job with `key`, due `seconds` after t0.
pub fn email_job(key: &str, seconds: i64) -> NewJob {
    NewJob {
        kind: JobKind::Email,
        purpose: purpose::REPLY.to_owned(),
        key: key.to_owned(),
        case_id: None,
        payload: json!({"to": ["ana@example.com"], "subject": "Your order", "key": key}),
        run_at: t0() + TimeDelta::seconds(seconds),
        max_attempts: Some(3),
    }
}

fn claim(worker: &str, seconds: i64, limit: u32) -> ClaimRequest<'_> {
    ClaimRequest { worker, now: t0() + TimeDelta::seconds(seconds), lease_for: LEASE, limit }
}

fn finish(lease: LeaseRef, outcome: Outcome) -> Finish {
    Finish { lease, outcome }
}

/// The same key queues one job, whatever else differs; its payload round-trips.
pub async fn jobs_are_enqueued_once_per_key(store: Arc<dyn Store>) {
    let first = store.enqueue_jobs(&at("test", 0), vec![email_job("reply:1:ana", 0)]).await.unwrap();
    let Enqueued::Queued(job) = &first[0] else { panic!("new key queues: {first:?}") };
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.attempts, 0);
    assert_eq!(job.payload["subject"], "Your order");
    let mut again = email_job("reply:1:ana", 60);
    again.payload = json!({"different": true});
    let second = store.enqueue_jobs(&at("test", 5), vec![again]).await.unwrap();
    assert_eq!(second, vec![Enqueued::Existing(job.clone())]);
    assert_eq!(store.get_job(job.id).await.unwrap(), *job);
    assert_eq!(store.count_jobs().await.unwrap().queued, 1);
    assert_invalid(store.enqueue_jobs(&at("test", 0), vec![email_job(" ", 0)]).await, "[0].key");
}

/// Claims take due jobs oldest first under a lease; jobs not yet due wait.
pub async fn claims_take_due_jobs_in_order(store: Arc<dyn Store>) {
    let jobs = vec![email_job("b", 20), email_job("a", 10), email_job("later", 3600)];
    store.enqueue_jobs(&at("test", 0), jobs).await.unwrap();
    assert!(store.claim_jobs(claim("w1", 5, 10)).await.unwrap().is_empty(), "nothing due yet");
    let claimed = store.claim_jobs(claim("w1", 60, 10)).await.unwrap();
    let keys: Vec<&str> = claimed.iter().map(|job| job.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    for job in &claimed {
        assert_eq!(job.state, JobState::Running);
        assert_eq!(job.attempts, 1);
        assert_eq!(job.lease, 1);
        assert_eq!(job.lease_owner.as_deref(), Some("w1"));
        assert_eq!(job.lease_until, Some(t0() + TimeDelta::seconds(90)));
        assert!(store.holds_lease(job.lease_ref(), t0() + TimeDelta::seconds(61)).await.unwrap());
    }
    assert!(store.claim_jobs(claim("w2", 61, 10)).await.unwrap().is_empty(), "running jobs are not claimed twice");
}

/// A finished job is done; a transient failure comes back later; the last attempt dead-letters.
pub async fn finishing_retries_and_dead_letters(store: Arc<dyn Store>) {
    store.enqueue_jobs(&at("test", 0), vec![email_job("sent", 0), email_job("flaky", 0)]).await.unwrap();
    let claimed = store.claim_jobs(claim("w1", 1, 10)).await.unwrap();
    let (sent, flaky) = (&claimed[0], &claimed[1]);
    let retry_at = t0() + TimeDelta::seconds(100);
    let accepted = store
        .finish_jobs(
            &[
                finish(sent.lease_ref(), Outcome::Sent),
                finish(flaky.lease_ref(), Outcome::Retry { at: retry_at, error: "451 try later".to_owned() }),
            ],
            t0() + TimeDelta::seconds(2),
        )
        .await
        .unwrap();
    assert_eq!(accepted, [true, true]);
    let done = store.get_job(sent.id).await.unwrap();
    assert_eq!((done.state, done.finished_at), (JobState::Done, Some(t0() + TimeDelta::seconds(2))));
    let waiting = store.get_job(flaky.id).await.unwrap();
    assert_eq!((waiting.state, waiting.run_at), (JobState::Queued, retry_at));
    assert_eq!(waiting.last_error.as_deref(), Some("451 try later"));

    // Attempts 2 and 3 fail too: max_attempts is 3, so the third failure dead-letters.
    for (attempt, seconds) in [(2, 100), (3, 200)] {
        let claimed = store.claim_jobs(claim("w1", seconds, 10)).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].attempts, attempt);
        let next = t0() + TimeDelta::seconds(seconds + 100);
        let retry = Outcome::Retry { at: next, error: format!("451 attempt {attempt}") };
        store.finish_jobs(&[finish(claimed[0].lease_ref(), retry)], next).await.unwrap();
    }
    let dead = store.get_job(flaky.id).await.unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("451 attempt 3"));
    assert!(store.claim_jobs(claim("w1", 10_000, 10)).await.unwrap().is_empty());

    // People see the dead letter and retry it: attempts start over.
    let dead_page = store
        .list_jobs(&JobFilter { state: Some(JobState::Dead), case_id: None }, PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(dead_page.items, vec![dead.clone()]);
    let retried = store.retry_job(&at("manager@example.com", 500), dead.id).await.unwrap();
    assert_eq!((retried.state, retried.attempts, retried.finished_at), (JobState::Queued, 0, None));
    assert_eq!(store.get_job(dead.id).await.unwrap(), retried);
    assert_invalid(store.retry_job(&at("test", 501), sent.id).await, "state");
    let counts = store.count_jobs().await.unwrap();
    assert_eq!((counts.queued, counts.done, counts.dead), (1, 1, 0));
}

/// A permanent failure dead-letters at once, with the reason.
pub async fn permanent_failures_dead_letter_at_once(store: Arc<dyn Store>) {
    store.enqueue_jobs(&at("test", 0), vec![email_job("bounce", 0)]).await.unwrap();
    let job = store.claim_jobs(claim("w1", 1, 1)).await.unwrap().remove(0);
    let error = "550 5.1.1 mailbox unavailable".to_owned();
    store.finish_jobs(&[finish(job.lease_ref(), Outcome::Dead { error: error.clone() })], t0()).await.unwrap();
    let dead = store.get_job(job.id).await.unwrap();
    assert_eq!((dead.state, dead.last_error), (JobState::Dead, Some(error)));
}

/// A worker that stops renewing loses its job to the next claim; its late finish is refused.
pub async fn expired_leases_are_taken_over_and_fenced(store: Arc<dyn Store>) {
    store.enqueue_jobs(&at("test", 0), vec![email_job("slow", 0)]).await.unwrap();
    let first = store.claim_jobs(claim("paused", 1, 1)).await.unwrap().remove(0);
    // Renewed once, then silent.
    let held = store.renew_leases(&[first.lease_ref()], t0() + TimeDelta::seconds(40)).await.unwrap();
    assert_eq!(held, [true]);
    assert!(store.claim_jobs(claim("other", 35, 1)).await.unwrap().is_empty(), "renewed lease holds");
    let second = store.claim_jobs(claim("other", 41, 1)).await.unwrap().remove(0);
    assert_eq!((second.id, second.lease, second.attempts), (first.id, first.lease + 1, 2));
    assert!(!store.holds_lease(first.lease_ref(), t0() + TimeDelta::seconds(42)).await.unwrap());
    assert_eq!(store.renew_leases(&[first.lease_ref()], t0() + TimeDelta::seconds(90)).await.unwrap(), [false]);
    let late = [finish(first.lease_ref(), Outcome::Sent)];
    let accepted = store.finish_jobs(&late, t0() + TimeDelta::seconds(43)).await.unwrap();
    assert_eq!(accepted, [false], "the paused worker's result is refused");
    let current = [finish(second.lease_ref(), Outcome::Sent)];
    assert_eq!(store.finish_jobs(&current, t0() + TimeDelta::seconds(44)).await.unwrap(), [true]);
    assert_eq!(store.get_job(first.id).await.unwrap().state, JobState::Done);
}

/// A job whose worker died on its last attempt is dead-lettered, not retried forever.
pub async fn lost_last_attempts_dead_letter(store: Arc<dyn Store>) {
    let mut job = email_job("crashy", 0);
    job.max_attempts = Some(1);
    store.enqueue_jobs(&at("test", 0), vec![job]).await.unwrap();
    let claimed = store.claim_jobs(claim("dies", 1, 1)).await.unwrap().remove(0);
    assert!(store.claim_jobs(claim("next", 100, 1)).await.unwrap().is_empty());
    let dead = store.get_job(claimed.id).await.unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert!(dead.last_error.unwrap().contains("lost its lease"));
}

/// Postponing (the customer is still writing) does not spend an attempt.
pub async fn postponing_spends_no_attempt(store: Arc<dyn Store>) {
    store.enqueue_jobs(&at("test", 0), vec![email_job("quiet", 0)]).await.unwrap();
    let job = store.claim_jobs(claim("w1", 1, 1)).await.unwrap().remove(0);
    let later = t0() + TimeDelta::minutes(5);
    store.finish_jobs(&[finish(job.lease_ref(), Outcome::Postpone { at: later })], t0()).await.unwrap();
    let waiting = store.get_job(job.id).await.unwrap();
    assert_eq!((waiting.state, waiting.attempts, waiting.run_at), (JobState::Queued, 0, later));
}

/// Many workers claiming at once never get the same job, and every job is claimed.
pub async fn concurrent_claims_never_share_a_job(store: Arc<dyn Store>) {
    let jobs = (0..200).map(|n| email_job(&format!("bulk:{n}"), 0)).collect();
    store.enqueue_jobs(&at("test", 0), jobs).await.unwrap();
    let mut tasks = Vec::new();
    for worker in 0..6 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let name = format!("w{worker}");
            let mut mine = Vec::new();
            loop {
                let claimed = store.claim_jobs(claim(&name, 1, 7)).await.expect("claim answered");
                if claimed.is_empty() {
                    return mine;
                }
                let finishes: Vec<Finish> = claimed.iter().map(|job| finish(job.lease_ref(), Outcome::Sent)).collect();
                let accepted = store.finish_jobs(&finishes, t0()).await.expect("finish answered");
                assert!(accepted.iter().all(|accepted| *accepted));
                mine.extend(claimed.into_iter().map(|job| job.id));
            }
        }));
    }
    let mut seen = HashSet::new();
    for task in tasks {
        for id in task.await.expect("worker finished") {
            assert!(seen.insert(id), "job {id} was claimed twice");
        }
    }
    assert_eq!(seen.len(), 200);
    assert_eq!(store.count_jobs().await.unwrap().done, 200);
}

/// A reply and its delivery commit together; a failed reply queues nothing.
pub async fn replies_queue_their_delivery_in_the_same_transaction(store: Arc<dyn Store>) {
    let customer = customer(store.as_ref(), "C-1").await;
    let case_id = case(store.as_ref(), customer.id, 0).await;
    let message = NewMessage {
        case_id,
        direction: Direction::Outbound,
        body: "I'm sorry we sent the wrong sweater.".to_owned(),
        sentiment: None,
        sent_at: t0() + TimeDelta::seconds(60),
    };
    let mut job = email_job("reply:case:ana", 60);
    job.case_id = Some(case_id);
    let (stored, jobs) = store.reply(&at("agent@example.com", 60), message.clone(), vec![job.clone()]).await.unwrap();
    assert_eq!(stored.direction, Direction::Outbound);
    assert_eq!(jobs[0].job().case_id, Some(case_id));
    assert_eq!(store.get_case(case_id).await.unwrap().first_responded_at, Some(message.sent_at));

    // A reply to a case that does not exist writes neither the message nor the job.
    let mut orphan = message.clone();
    orphan.case_id = crate::model::CaseId(case_id.0 + 100);
    let mut orphan_job = job.clone();
    orphan_job.key = "reply:orphan".to_owned();
    assert_invalid(store.reply(&at("test", 61), orphan, vec![orphan_job]).await, "case_id");
    assert_eq!(store.count_jobs().await.unwrap().queued, 1);
    let inbound = NewMessage { direction: Direction::Inbound, ..message };
    assert_invalid(store.reply(&at("test", 62), inbound, vec![]).await, "direction");
}

/// Resolving schedules a follow-up with its job; resolving again moves it; reopening cancels it.
pub async fn resolution_schedules_moves_and_cancels_the_follow_up(store: Arc<dyn Store>) {
    let customer = customer(store.as_ref(), "C-1").await;
    let case_id = case(store.as_ref(), customer.id, 0).await;
    let follow_up = |hours: i64| {
        let due = t0() + TimeDelta::hours(hours);
        let new = NewFollowUp { case_id, owner_id: None, channel: Channel::Email, due_at: due, note: None };
        let mut job = email_job(&format!("follow_up:{case_id}:{hours}"), hours * 3600);
        job.purpose = purpose::FOLLOW_UP.to_owned();
        job.case_id = Some(case_id);
        (new, Some(job))
    };
    let first = store.resolve_case(&at("agent", 100), case_id, Some(follow_up(30))).await.unwrap();
    assert_eq!(first.case.status, CaseStatus::Resolved);
    let scheduled = first.follow_up.expect("follow-up scheduled");
    let first_job = first.job.expect("job queued").job().clone();
    assert_eq!(scheduled.job_id, Some(first_job.id));
    assert_eq!(first_job.run_at, t0() + TimeDelta::hours(30));

    let second = store.resolve_case(&at("agent", 200), case_id, Some(follow_up(50))).await.unwrap();
    let second_job = second.job.expect("job queued").job().clone();
    assert_eq!(store.get_job(first_job.id).await.unwrap().state, JobState::Cancelled);
    let follow_ups = store.list_follow_ups(case_id).await.unwrap();
    assert_eq!(follow_ups.len(), 2);
    assert_eq!(follow_ups[0].cancelled_at, Some(t0() + TimeDelta::seconds(200)));
    assert_eq!(follow_ups[1].cancelled_at, None);

    let reopen = crate::model::CasePatch { status: Some(CaseStatus::Open), ..Default::default() };
    store.update_case(&Change::new("agent", t0() + TimeDelta::seconds(300)), case_id, reopen).await.unwrap();
    assert_eq!(store.get_job(second_job.id).await.unwrap().state, JobState::Cancelled);
    let open = store.due_follow_ups(t0() + TimeDelta::days(10), 10).await.unwrap();
    assert!(open.is_empty(), "cancelled follow-ups are not due: {open:?}");
    let case_jobs = JobFilter { state: None, case_id: Some(case_id) };
    assert_eq!(store.list_jobs(&case_jobs, PageRequest::first(10)).await.unwrap().items.len(), 2);
}

/// Deadlines near or past are found; each escalation is recorded once, with its notification.
pub async fn escalations_are_recorded_once_with_their_notifications(store: Arc<dyn Store>) {
    use crate::model::{EscalationKind, NewEscalation};
    let customer = customer(store.as_ref(), "C-1").await;
    let case_id = case(store.as_ref(), customer.id, 0).await; // first response due t0 + 24 h
    assert!(store.cases_near_deadline(t0() + TimeDelta::hours(23), 10).await.unwrap().is_empty());
    let near = store.cases_near_deadline(t0() + TimeDelta::hours(25), 10).await.unwrap();
    assert_eq!(near.iter().map(|case| case.id).collect::<Vec<_>>(), [case_id]);

    let escalation = |kind, key: &str| {
        let mut job = email_job(key, 0);
        job.purpose = purpose::ESCALATION.to_owned();
        job.case_id = Some(case_id);
        NewEscalation { case_id, kind, due_at: t0() + TimeDelta::hours(24), notify: vec![job] }
    };
    let at_risk = || escalation(EscalationKind::FirstResponseAtRisk, "escalation:at-risk");
    let recorded = store.escalate(&at("system:sla", 100), vec![at_risk()]).await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert!(store.escalate(&at("system:sla", 200), vec![at_risk()]).await.unwrap().is_empty(), "once");
    assert_eq!(store.count_jobs().await.unwrap().queued, 1, "notified once");

    let breached = escalation(EscalationKind::FirstResponseBreached, "escalation:breached");
    store.escalate(&at("system:sla", 300), vec![breached]).await.unwrap();
    let kinds: Vec<EscalationKind> =
        store.list_escalations(case_id).await.unwrap().into_iter().map(|escalation| escalation.kind).collect();
    assert_eq!(kinds, [EscalationKind::FirstResponseAtRisk, EscalationKind::FirstResponseBreached]);
    assert!(store.cases_near_deadline(t0() + TimeDelta::hours(25), 10).await.unwrap().is_empty(), "breach recorded");
    assert_eq!(store.cases_near_deadline(t0() + TimeDelta::hours(73), 10).await.unwrap().len(), 1, "resolution next");
}
