//! Cases, messages, remedies, follow-ups and survey responses.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{agent, assert_invalid, assert_not_found, at, case, customer, incident_fields, new_case, t0};
use crate::model::{
    AuditFilter, CaseFilter, CaseId, CasePatch, CaseStatus, Channel, CustomerId, Direction, Entity, FirstMessage,
    FollowUpId, IncidentId, NewCase, NewFollowUp, NewMessage, NewRemedy, NewSurveyResponse, Priority, RemedyId,
    RemedyKind, RemedyStatus, SurveyKind, UserId,
};
use crate::{Change, PageRequest, Store};

/// Create, get, patch, list; the SLA fields round-trip.
pub async fn cases_round_trip(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let dana = agent(&*store, "dana@example.com").await;
    let incident = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();
    let mut new = new_case(ada.id);
    new.owner_id = Some(dana.id);
    new.incident_id = Some(incident.id);
    let created = store.create_case(&at("agent:1", 5), new.clone()).await.unwrap();
    assert_eq!(created.status, CaseStatus::New);
    assert_eq!(created.first_response_due, new.first_response_due);
    assert_eq!(created.resolution_due, new.resolution_due);
    assert_eq!(created.owner_id, Some(dana.id));
    assert_eq!(created.incident_id, Some(incident.id));
    assert_eq!(created.first_responded_at, None);
    assert_eq!(store.get_case(created.id).await.unwrap(), created);

    let patch = CasePatch {
        status: Some(CaseStatus::Open),
        priority: Some(Priority::Urgent),
        owner_id: Some(None),
        first_response_due: Some(Some(t0() + TimeDelta::hours(4))),
        ..CasePatch::default()
    };
    let updated = store.update_case(&at("agent:1", 60), created.id, patch).await.unwrap();
    assert_eq!(updated.status, CaseStatus::Open);
    assert_eq!(updated.priority, Priority::Urgent);
    assert_eq!(updated.owner_id, None);
    assert_eq!(updated.incident_id, Some(incident.id), "untouched fields stay");
    assert_eq!(updated.first_response_due, Some(t0() + TimeDelta::hours(4)));
    assert_eq!(updated.updated_at, at("", 60).at());
    assert_eq!(store.get_case(created.id).await.unwrap(), updated);
    let listed = store.list_cases(&CaseFilter::default(), PageRequest::default()).await.unwrap();
    assert_eq!(listed.items, vec![updated]);

    assert_not_found(store.get_case(CaseId(9_999)).await);
    assert_not_found(store.update_case(&at("agent:1", 1), CaseId(9_999), CasePatch::default()).await);
}

/// Customer, owner and incident must exist; each missing one is named.
pub async fn case_references_are_checked(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    assert_invalid(store.create_case(&at("agent:1", 1), new_case(CustomerId(9_999))).await, "customer_id");
    let mut new = new_case(ada.id);
    new.owner_id = Some(UserId(9_999));
    assert_invalid(store.create_case(&at("agent:1", 1), new).await, "owner_id");
    let mut new = new_case(ada.id);
    new.incident_id = Some(IncidentId(9_999));
    assert_invalid(store.create_case(&at("agent:1", 1), new).await, "incident_id");
    let mut new = new_case(ada.id);
    new.subject = String::new();
    assert_invalid(store.create_case(&at("agent:1", 1), new).await, "subject");

    let id = case(&*store, ada.id, 2).await;
    let patch = CasePatch { owner_id: Some(Some(UserId(9_999))), ..CasePatch::default() };
    assert_invalid(store.update_case(&at("agent:1", 3), id, patch).await, "owner_id");
    let patch = CasePatch { incident_id: Some(Some(IncidentId(9_999))), ..CasePatch::default() };
    assert_invalid(store.update_case(&at("agent:1", 3), id, patch).await, "incident_id");
    let unchanged = store.get_case(id).await.unwrap();
    assert_eq!(unchanged.updated_at, at("", 2).at(), "failed updates write nothing");
}

/// Resolving stamps `resolved_at` once; closing keeps it; reopening clears it.
pub async fn case_status_stamps_resolution(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let id = case(&*store, ada.id, 0).await;
    let status = |status| CasePatch { status: Some(status), ..CasePatch::default() };
    let resolved = store.update_case(&at("agent:1", 100), id, status(CaseStatus::Resolved)).await.unwrap();
    assert_eq!(resolved.resolved_at, Some(at("", 100).at()));
    let closed = store.update_case(&at("agent:1", 200), id, status(CaseStatus::Closed)).await.unwrap();
    assert_eq!(closed.resolved_at, Some(at("", 100).at()));
    let reopened = store.update_case(&at("agent:1", 300), id, status(CaseStatus::Open)).await.unwrap();
    assert_eq!(reopened.resolved_at, None);
    assert_eq!(store.get_case(id).await.unwrap(), reopened);
}

/// Messages list oldest first; the first outbound one stamps the first response; each one
/// moves the case's `updated_at`.
pub async fn messages_form_the_thread(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let id = case(&*store, ada.id, 0).await;
    let message = |direction, body: &str, minutes: i64| NewMessage {
        case_id: id,
        direction,
        body: body.to_owned(),
        sentiment: None,
        sent_at: t0() + TimeDelta::minutes(minutes),
    };
    let complaint = NewMessage { sentiment: Some(-0.75), ..message(Direction::Inbound, "Wrong colour!", 1) };
    let complaint = store.add_message(&at("intake", 60), complaint).await.unwrap();
    assert_eq!(complaint.sentiment, Some(-0.75));
    assert_eq!(store.get_case(id).await.unwrap().first_responded_at, None);
    assert_eq!(store.get_case(id).await.unwrap().updated_at, at("", 60).at());

    let reply = store.add_message(&at("agent:1", 600), message(Direction::Outbound, "I'm sorry.", 10)).await.unwrap();
    let later = store.add_message(&at("agent:1", 900), message(Direction::Outbound, "Shipped.", 15)).await.unwrap();
    let case = store.get_case(id).await.unwrap();
    assert_eq!(case.first_responded_at, Some(t0() + TimeDelta::minutes(10)));
    assert_eq!(case.updated_at, at("", 900).at());

    let thread = store.list_messages(id).await.unwrap();
    assert_eq!(thread, vec![complaint, reply, later]);

    assert_invalid(
        store
            .add_message(
                &at("agent:1", 1),
                NewMessage { case_id: CaseId(9_999), ..message(Direction::Inbound, "Hi", 1) },
            )
            .await,
        "case_id",
    );
    let too_happy = NewMessage { sentiment: Some(1.5), ..message(Direction::Inbound, "Hi", 1) };
    assert_invalid(store.add_message(&at("agent:1", 1), too_happy).await, "sentiment");
    assert_invalid(store.add_message(&at("agent:1", 1), message(Direction::Inbound, " ", 1)).await, "body");
    assert_not_found(store.list_messages(CaseId(9_999)).await);
}

/// Remedies start offered, change status, and need a currency with an amount.
pub async fn remedies_round_trip(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let id = case(&*store, ada.id, 0).await;
    let credit = NewRemedy {
        case_id: id,
        kind: RemedyKind::Credit,
        amount_minor: Some(1_500),
        currency: Some("EUR".to_owned()),
        description: "A €15 credit on your account".to_owned(),
    };
    let offered = store.create_remedy(&at("agent:1", 1), credit.clone()).await.unwrap();
    assert_eq!(offered.status, RemedyStatus::Offered);
    assert_eq!(offered.amount_minor, Some(1_500));
    let accepted = store.set_remedy_status(&at("customer", 50), offered.id, RemedyStatus::Accepted).await.unwrap();
    assert_eq!(accepted.status, RemedyStatus::Accepted);
    assert_eq!(accepted.updated_at, at("", 50).at());
    let replacement = NewRemedy {
        kind: RemedyKind::Replacement,
        amount_minor: None,
        currency: None,
        description: "A blue sweater by express courier".to_owned(),
        ..credit.clone()
    };
    let second = store.create_remedy(&at("agent:1", 2), replacement).await.unwrap();
    assert_eq!(store.list_remedies(id).await.unwrap(), vec![accepted, second]);

    assert_invalid(
        store.create_remedy(&at("agent:1", 3), NewRemedy { currency: None, ..credit.clone() }).await,
        "currency",
    );
    assert_invalid(
        store.create_remedy(&at("agent:1", 3), NewRemedy { case_id: CaseId(9_999), ..credit }).await,
        "case_id",
    );
    assert_not_found(store.set_remedy_status(&at("agent:1", 3), RemedyId(9_999), RemedyStatus::Declined).await);
    assert_not_found(store.list_remedies(CaseId(9_999)).await);
}

/// Follow-ups are listed per case and by due date; completing twice keeps the first instant.
pub async fn follow_ups_round_trip(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let dana = agent(&*store, "dana@example.com").await;
    let id = case(&*store, ada.id, 0).await;
    let follow_up = |days| NewFollowUp {
        case_id: id,
        owner_id: Some(dana.id),
        channel: Channel::Phone,
        due_at: t0() + TimeDelta::days(days),
        note: Some("Check the sweater fits".to_owned()),
    };
    let later = store.create_follow_up(&at("agent:1", 1), follow_up(3)).await.unwrap();
    let sooner = store.create_follow_up(&at("agent:1", 2), follow_up(1)).await.unwrap();
    assert_eq!(store.list_follow_ups(id).await.unwrap(), vec![sooner.clone(), later.clone()]);
    assert_eq!(store.due_follow_ups(t0() + TimeDelta::days(2), 10).await.unwrap(), vec![sooner.clone()]);

    let done = store.complete_follow_up(&at("agent:1", 100), sooner.id).await.unwrap();
    assert_eq!(done.done_at, Some(at("", 100).at()));
    let again = store.complete_follow_up(&at("agent:1", 200), sooner.id).await.unwrap();
    assert_eq!(again.done_at, Some(at("", 100).at()));
    assert_eq!(store.due_follow_ups(t0() + TimeDelta::days(5), 10).await.unwrap(), vec![later]);

    assert_invalid(
        store.create_follow_up(&at("agent:1", 3), NewFollowUp { owner_id: Some(UserId(9_999)), ..follow_up(1) }).await,
        "owner_id",
    );
    assert_invalid(
        store.create_follow_up(&at("agent:1", 3), NewFollowUp { case_id: CaseId(9_999), ..follow_up(1) }).await,
        "case_id",
    );
    assert_not_found(store.complete_follow_up(&at("agent:1", 3), FollowUpId(9_999)).await);
    assert_not_found(store.list_follow_ups(CaseId(9_999)).await);
}

/// Scores are checked against their scale and listed per case.
pub async fn survey_responses_round_trip(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let id = case(&*store, ada.id, 0).await;
    let csat =
        NewSurveyResponse { case_id: id, kind: SurveyKind::Csat, score: 5, comment: Some("Thank you".to_owned()) };
    let first = store.record_survey_response(&at("customer", 10), csat.clone()).await.unwrap();
    assert_eq!(first.responded_at, at("", 10).at());
    let nps = NewSurveyResponse { kind: SurveyKind::Nps, score: 0, comment: None, ..csat.clone() };
    let second = store.record_survey_response(&at("customer", 20), nps).await.unwrap();
    assert_eq!(store.list_survey_responses(id).await.unwrap(), vec![first, second]);

    assert_invalid(
        store.record_survey_response(&at("customer", 30), NewSurveyResponse { score: 0, ..csat.clone() }).await,
        "score",
    );
    assert_invalid(
        store
            .record_survey_response(
                &at("customer", 30),
                NewSurveyResponse { kind: SurveyKind::Nps, score: 11, ..csat.clone() },
            )
            .await,
        "score",
    );
    assert_invalid(
        store.record_survey_response(&at("customer", 30), NewSurveyResponse { case_id: CaseId(9_999), ..csat }).await,
        "case_id",
    );
    assert_not_found(store.list_survey_responses(CaseId(9_999)).await);
}

/// Instants with nanoseconds come back truncated to microseconds, identically on every backend.
pub async fn instants_are_kept_to_the_microsecond(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let precise = t0() + TimeDelta::nanoseconds(123_456_789);
    let kept = t0() + TimeDelta::nanoseconds(123_456_000);
    let mut new = new_case(ada.id);
    new.first_response_due = Some(precise);
    let created = store.create_case(&Change::new("agent:1", precise), new).await.unwrap();
    assert_eq!(created.first_response_due, Some(kept));
    assert_eq!(created.created_at, kept);
    let message = NewMessage {
        case_id: created.id,
        direction: Direction::Inbound,
        body: "Hello".to_owned(),
        sentiment: None,
        sent_at: precise,
    };
    let message = store.add_message(&at("intake", 1), message).await.unwrap();
    assert_eq!(message.sent_at, kept);
    assert_eq!(store.list_messages(created.id).await.unwrap(), vec![message]);
    let patch = CasePatch { resolution_due: Some(Some(precise)), ..CasePatch::default() };
    let updated = store.update_case(&at("agent:1", 2), created.id, patch).await.unwrap();
    assert_eq!(updated.resolution_due, Some(kept));
    assert_eq!(store.get_case(created.id).await.unwrap(), updated);
}

/// A case opened with its first message records both in one transaction, each audited; a bad
/// message writes neither.
pub async fn cases_open_with_their_first_message(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let first = FirstMessage {
        body: "My parcel never came.".to_owned(),
        sentiment: Some(-0.5),
        sent_at: t0() + TimeDelta::nanoseconds(1_000_000_999),
    };
    let new = NewCase { first_message: Some(first.clone()), ..new_case(ada.id) };
    let case = store.create_case(&at("intake", 5), new.clone()).await.unwrap();
    let thread = store.list_messages(case.id).await.unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].direction, Direction::Inbound);
    assert_eq!(thread[0].body, first.body);
    assert_eq!(thread[0].sent_at, t0() + TimeDelta::microseconds(1_000_000));
    assert_eq!(case.first_responded_at, None);
    assert_eq!(store.get_case(case.id).await.unwrap(), case);
    let audit = store.list_audit(&AuditFilter::default(), PageRequest::default()).await.unwrap().items;
    let entities: Vec<_> = audit.iter().take(2).map(|entry| entry.entity).collect();
    assert_eq!(entities, [Entity::Message, Entity::Case]);

    let blank = NewCase { first_message: Some(FirstMessage { body: " ".to_owned(), ..first }), ..new };
    assert_invalid(store.create_case(&at("intake", 6), blank).await, "first_message.body");
    let cases = store.list_cases(&CaseFilter::default(), PageRequest::default()).await.unwrap();
    assert_eq!(cases.items.len(), 1, "nothing written for the refused case");
}

/// Scores through a link may be given again; a single-use link (a remedy choice) is answered
/// once, and a remedy of another case is refused.
pub async fn link_answers_are_recorded_and_single_use_links_once(store: Arc<dyn Store>) {
    use crate::StoreError;
    use crate::model::{LinkAnswer, LinkAnswerKind};
    let ada = customer(&*store, "C-1").await;
    let id = case(&*store, ada.id, 0).await;
    let other = case(&*store, ada.id, 1).await;
    let csat = |score| LinkAnswer {
        nonce: None,
        kind: LinkAnswerKind::Survey(NewSurveyResponse { case_id: id, kind: SurveyKind::Csat, score, comment: None }),
    };
    store.answer_link(&at("customer", 10), csat(3)).await.unwrap();
    store.answer_link(&at("customer", 11), csat(5)).await.unwrap();
    assert_eq!(store.list_survey_responses(id).await.unwrap().len(), 2);

    let remedy = NewRemedy {
        case_id: id,
        kind: RemedyKind::Refund,
        amount_minor: Some(6_800),
        currency: Some("EUR".to_owned()),
        description: "A full refund".to_owned(),
    };
    let offered = store.create_remedy(&at("agent", 12), remedy).await.unwrap();
    let choose = |case_id| LinkAnswer {
        nonce: Some(format!("offer-{case_id}")),
        kind: LinkAnswerKind::RemedyChoice { case_id, remedy_id: offered.id },
    };
    assert_invalid(store.answer_link(&at("customer", 13), choose(other)).await, "remedy_id");
    store.answer_link(&at("customer", 14), choose(id)).await.unwrap();
    assert_eq!(store.list_remedies(id).await.unwrap()[0].status, RemedyStatus::Accepted);
    let again = store.answer_link(&at("customer", 15), choose(id)).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })), "{again:?}");
}
