//! The audit log.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{agent, at, customer, customer_fields, incident_fields, new_case, t0};
use crate::model::{
    AuditFilter, CasePatch, CaseStatus, Channel, Direction, Entity, IncidentFields, IncidentStatus, NewApiToken,
    NewFollowUp, NewMessage, NewRemedy, NewSurveyResponse, OrderFields, RemedyKind, RemedyStatus, SurveyKind,
    UserPatch,
};
use crate::secret::hash_token;
use crate::{PageRequest, Store};

/// Every state-changing method leaves one entry naming the actor, the record and the values.
pub async fn every_change_is_audited(store: Arc<dyn Store>) {
    let dana = agent(&*store, "dana@example.com").await;
    let token = NewApiToken { user_id: dana.id, name: "CLI".to_owned(), token_hash: hash_token("amends_x") };
    let token = store.create_api_token(&at("admin:1", 1), token).await.unwrap();
    store.revoke_api_token(&at("admin:1", 2), token.id).await.unwrap();
    store
        .update_user(
            &at("admin:1", 3),
            dana.id,
            UserPatch { role: Some(crate::model::Role::Admin), ..UserPatch::default() },
        )
        .await
        .unwrap();
    let ada = customer(&*store, "C-1").await;
    let mut fields = customer_fields("C-1");
    fields.name = "Ada L.".to_owned();
    store.update_customer(&at("agent:1", 4), ada.id, fields).await.unwrap();
    let order = OrderFields {
        external_id: "O-1".to_owned(),
        customer_id: ada.id,
        placed_at: t0(),
        total_minor: 100,
        currency: "GBP".to_owned(),
        summary: None,
    };
    store.create_order(&at("import", 5), order).await.unwrap();
    let incident = store.create_incident(&at("manager:1", 6), incident_fields()).await.unwrap();
    let resolved = IncidentFields { status: IncidentStatus::Monitoring, ..incident_fields() };
    store.update_incident(&at("manager:1", 7), incident.id, resolved).await.unwrap();
    store.add_affected_customers(&at("manager:1", 8), incident.id, &[ada.id]).await.unwrap();
    let case = store.create_case(&at("intake", 9), new_case(ada.id)).await.unwrap();
    store
        .update_case(&at("agent:1", 10), case.id, CasePatch { status: Some(CaseStatus::Open), ..CasePatch::default() })
        .await
        .unwrap();
    let message = NewMessage {
        case_id: case.id,
        direction: Direction::Inbound,
        body: "Hi".to_owned(),
        sentiment: None,
        sent_at: t0(),
    };
    store.add_message(&at("intake", 11), message).await.unwrap();
    let remedy = NewRemedy {
        case_id: case.id,
        kind: RemedyKind::Gift,
        amount_minor: None,
        currency: None,
        description: "Flowers".to_owned(),
    };
    let remedy = store.create_remedy(&at("agent:1", 12), remedy).await.unwrap();
    store.set_remedy_status(&at("agent:1", 13), remedy.id, RemedyStatus::Fulfilled).await.unwrap();
    let follow_up = NewFollowUp {
        case_id: case.id,
        owner_id: None,
        channel: Channel::Email,
        due_at: t0() + TimeDelta::days(2),
        note: None,
    };
    let follow_up = store.create_follow_up(&at("agent:1", 14), follow_up).await.unwrap();
    store.complete_follow_up(&at("agent:1", 15), follow_up.id).await.unwrap();
    let survey = NewSurveyResponse { case_id: case.id, kind: SurveyKind::Csat, score: 4, comment: None };
    store.record_survey_response(&at("customer", 16), survey).await.unwrap();

    let entries = store.list_audit(&AuditFilter::default(), PageRequest::default()).await.unwrap().items;
    let summary: Vec<(String, &str, Entity)> =
        entries.iter().rev().map(|entry| (entry.actor.clone(), entry.action.as_str(), entry.entity)).collect();
    let expected = [
        // The helpers create the user and the customer at t0, before everything else.
        ("test", "create", Entity::User),
        ("test", "create", Entity::Customer),
        ("admin:1", "create", Entity::ApiToken),
        ("admin:1", "revoke", Entity::ApiToken),
        ("admin:1", "update", Entity::User),
        ("agent:1", "update", Entity::Customer),
        ("import", "create", Entity::Order),
        ("manager:1", "create", Entity::Incident),
        ("manager:1", "update", Entity::Incident),
        ("manager:1", "add_affected", Entity::Incident),
        ("intake", "create", Entity::Case),
        ("agent:1", "update", Entity::Case),
        ("intake", "create", Entity::Message),
        ("agent:1", "create", Entity::Remedy),
        ("agent:1", "update", Entity::Remedy),
        ("agent:1", "create", Entity::FollowUp),
        ("agent:1", "complete", Entity::FollowUp),
        ("customer", "create", Entity::SurveyResponse),
    ];
    let expected: Vec<(String, &str, Entity)> =
        expected.iter().map(|(actor, action, entity)| (actor.to_string(), *action, *entity)).collect();
    assert_eq!(summary, expected);

    let case_update = entries.iter().find(|entry| entry.entity == Entity::Case && entry.action == "update").unwrap();
    assert_eq!(case_update.entity_id, case.id.0);
    assert_eq!(case_update.at, at("", 10).at());
    assert_eq!(case_update.before.as_ref().unwrap()["status"], "new");
    assert_eq!(case_update.after.as_ref().unwrap()["status"], "open");
    let creation = entries.iter().find(|entry| entry.entity == Entity::Customer && entry.action == "create").unwrap();
    assert_eq!(creation.before, None);
    assert_eq!(creation.after.as_ref().unwrap()["external_id"], "C-1");
    for entry in entries.iter().filter(|entry| entry.entity == Entity::User || entry.entity == Entity::ApiToken) {
        let after = entry.after.as_ref().unwrap();
        assert!(after.get("password_hash").is_none() && after.get("token_hash").is_none(), "{after}");
    }
}

/// Entries page newest first and filter by record.
pub async fn audit_log_pages_and_filters(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    for second in 1..=4 {
        let mut fields = customer_fields("C-1");
        fields.name = format!("Ada {second}");
        store.update_customer(&at("agent:1", second), ada.id, fields).await.unwrap();
    }
    customer(&*store, "C-2").await;
    let filter = AuditFilter { entity: Some(Entity::Customer), entity_id: Some(ada.id.0) };
    let first = store.list_audit(&filter, PageRequest::first(3)).await.unwrap();
    let second = store.list_audit(&filter, PageRequest::after(3, first.next.unwrap())).await.unwrap();
    let names: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|entry| entry.after.as_ref().unwrap()["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Ada 4", "Ada 3", "Ada 2", "Ada 1", "Customer C-1"]);
    assert_eq!(second.next, None);
    let everything = store.list_audit(&AuditFilter::default(), PageRequest::default()).await.unwrap();
    assert_eq!(everything.items.len(), 6);
}
