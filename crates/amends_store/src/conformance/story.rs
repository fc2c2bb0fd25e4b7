//! One story from complaint to follow-up, told through the store, as a team would live it.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{agent, at, customer_fields, incident_fields, new_case, t0};
use crate::model::{
    AuditFilter, CaseFilter, CasePatch, CaseStatus, Channel, Direction, Entity, IncidentStatus, NewFollowUp,
    NewMessage, NewRemedy, NewSurveyResponse, RemedyKind, RemedyStatus, SurveyKind, Upserted,
};
use crate::{PageRequest, Store};

/// A carrier failure hits an imported customer; she complains, gets an apology, a remedy,
/// a resolution, a follow-up, and answers the survey. Every step is in the audit trail.
pub async fn a_complaint_from_intake_to_follow_up(store: Arc<dyn Store>) {
    let dana = agent(&*store, "dana@example.com").await;
    let ada = store.upsert_customer(&at("import", 0), customer_fields("C-1")).await.unwrap().into_record();
    let incident = store.create_incident(&at("manager:1", 60), incident_fields()).await.unwrap();
    assert_eq!(store.add_affected_customers(&at("manager:1", 61), incident.id, &[ada.id]).await.unwrap(), 1);

    let mut complaint_case = new_case(ada.id);
    complaint_case.incident_id = Some(incident.id);
    let case = store.create_case(&at("intake", 120), complaint_case).await.unwrap();
    let complaint = NewMessage {
        case_id: case.id,
        direction: Direction::Inbound,
        body: "My parcel is a week late and nobody tells me why.".to_owned(),
        sentiment: Some(-0.7),
        sent_at: t0() + TimeDelta::seconds(115),
    };
    store.add_message(&at("intake", 120), complaint).await.unwrap();
    let patch = CasePatch { owner_id: Some(Some(dana.id)), status: Some(CaseStatus::Open), ..CasePatch::default() };
    store.update_case(&at(&format!("user:{}", dana.id), 300), case.id, patch).await.unwrap();

    let inbox = CaseFilter { owner_id: Some(dana.id), status: Some(CaseStatus::Open), ..CaseFilter::default() };
    let inbox = store.list_cases(&inbox, PageRequest::default()).await.unwrap();
    assert_eq!(inbox.items.iter().map(|case| case.id).collect::<Vec<_>>(), vec![case.id]);

    let dana_acts = |seconds| at(&format!("user:{}", dana.id), seconds);
    let apology = NewMessage {
        case_id: case.id,
        direction: Direction::Outbound,
        body: "I'm sorry your parcel is late: it is held at our carrier's Memphis hub.".to_owned(),
        sentiment: None,
        sent_at: t0() + TimeDelta::minutes(30),
    };
    store.add_message(&dana_acts(1_800), apology).await.unwrap();
    let refund = NewRemedy {
        case_id: case.id,
        kind: RemedyKind::Refund,
        amount_minor: Some(899),
        currency: Some("USD".to_owned()),
        description: "Your $8.99 shipping back today".to_owned(),
    };
    let refund = store.create_remedy(&dana_acts(1_801), refund).await.unwrap();
    store.set_remedy_status(&at("customer", 3_600), refund.id, RemedyStatus::Accepted).await.unwrap();
    let resolved = CasePatch { status: Some(CaseStatus::Resolved), ..CasePatch::default() };
    let case = store.update_case(&dana_acts(7_200), case.id, resolved).await.unwrap();
    let follow_up = NewFollowUp {
        case_id: case.id,
        owner_id: Some(dana.id),
        channel: Channel::Email,
        due_at: t0() + TimeDelta::days(2),
        note: Some("Check the parcel arrived".to_owned()),
    };
    let follow_up = store.create_follow_up(&dana_acts(7_201), follow_up).await.unwrap();
    assert_eq!(store.due_follow_ups(t0() + TimeDelta::days(2), 10).await.unwrap(), vec![follow_up.clone()]);
    store.complete_follow_up(&dana_acts(172_800), follow_up.id).await.unwrap();
    let survey = NewSurveyResponse { case_id: case.id, kind: SurveyKind::Csat, score: 5, comment: None };
    store.record_survey_response(&at("customer", 180_000), survey).await.unwrap();

    // A re-import of the same customer file changes nothing.
    let again = store.upsert_customer(&at("import", 200_000), customer_fields("C-1")).await.unwrap();
    assert!(matches!(again, Upserted::Unchanged(_)), "{again:?}");

    let case = store.get_case(case.id).await.unwrap();
    assert_eq!(case.first_responded_at, Some(t0() + TimeDelta::minutes(30)));
    assert_eq!(case.resolved_at, Some(at("", 7_200).at()));
    assert!(case.first_responded_at <= case.first_response_due, "answered within the SLA");
    assert_eq!(store.list_messages(case.id).await.unwrap().len(), 2);
    assert_eq!(store.list_remedies(case.id).await.unwrap()[0].status, RemedyStatus::Accepted);
    assert!(store.due_follow_ups(t0() + TimeDelta::days(30), 10).await.unwrap().is_empty());
    assert_eq!(store.list_survey_responses(case.id).await.unwrap()[0].score, 5);
    assert_eq!(store.get_incident(incident.id).await.unwrap().status, IncidentStatus::Investigating);

    let case_trail = AuditFilter { entity: Some(Entity::Case), entity_id: Some(case.id.0) };
    let trail = store.list_audit(&case_trail, PageRequest::default()).await.unwrap().items;
    let actions: Vec<_> = trail.iter().rev().map(|entry| (entry.actor.as_str(), entry.action.as_str())).collect();
    let dana_actor = format!("user:{}", dana.id);
    assert_eq!(actions, [("intake", "create"), (dana_actor.as_str(), "update"), (dana_actor.as_str(), "update")]);
}
