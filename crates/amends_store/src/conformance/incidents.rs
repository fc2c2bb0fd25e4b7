//! Incidents and their affected customers.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{assert_invalid, assert_not_found, at, customer, customer_fields, incident_fields, t0};
use crate::model::{AuditFilter, CustomerId, Entity, IncidentId, IncidentStatus};
use crate::{MAX_PAGE_SIZE, PageRequest, Store};

/// Create, get, replace, list; a resolution before the start is refused.
pub async fn incidents_round_trip(store: Arc<dyn Store>) {
    let created = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();
    assert_eq!(created.status, IncidentStatus::Investigating);
    assert_eq!(store.get_incident(created.id).await.unwrap(), created);

    let mut fields = incident_fields();
    fields.status = IncidentStatus::Resolved;
    fields.resolved_at = Some(t0() + TimeDelta::hours(2));
    let resolved = store.update_incident(&at("manager:1", 7_200), created.id, fields.clone()).await.unwrap();
    assert_eq!(resolved.status, IncidentStatus::Resolved);
    assert_eq!(resolved.resolved_at, fields.resolved_at);
    assert_eq!(store.get_incident(created.id).await.unwrap(), resolved);
    assert_eq!(store.list_incidents(PageRequest::default()).await.unwrap().items, vec![resolved]);

    fields.resolved_at = Some(t0() - TimeDelta::days(1));
    assert_invalid(store.update_incident(&at("manager:1", 1), created.id, fields).await, "resolved_at");
    assert_not_found(store.get_incident(IncidentId(9_999)).await);
    assert_not_found(store.update_incident(&at("manager:1", 1), IncidentId(9_999), incident_fields()).await);
}

/// Adding a customer twice counts once; the list pages newest first.
pub async fn affected_customers_are_added_once(store: Arc<dyn Store>) {
    let incident = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();
    let mut ids = Vec::new();
    for number in 0..5 {
        ids.push(customer(&*store, &format!("C-{number}")).await.id);
    }
    let added = store.add_affected_customers(&at("manager:1", 10), incident.id, &ids[..3]).await.unwrap();
    assert_eq!(added, 3);
    let added = store.add_affected_customers(&at("manager:1", 20), incident.id, &ids).await.unwrap();
    assert_eq!(added, 2, "the first three were already affected");

    let first = store.list_affected_customers(incident.id, PageRequest::first(3)).await.unwrap();
    let first_ids: Vec<_> = first.items.iter().map(|customer| customer.id).collect();
    assert_eq!(first_ids, vec![ids[4], ids[3], ids[2]]);
    let rest = store.list_affected_customers(incident.id, PageRequest::after(3, first.next.unwrap())).await.unwrap();
    let rest_ids: Vec<_> = rest.items.iter().map(|customer| customer.id).collect();
    assert_eq!(rest_ids, vec![ids[1], ids[0]]);
    assert_eq!(rest.next, None);

    assert_not_found(store.add_affected_customers(&at("manager:1", 30), IncidentId(9_999), &ids).await);
    assert_not_found(store.list_affected_customers(IncidentId(9_999), PageRequest::default()).await);
}

/// One unknown customer fails the whole call: nobody is added.
pub async fn unknown_affected_customer_adds_nobody(store: Arc<dyn Store>) {
    let incident = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();
    let known = customer(&*store, "C-1").await.id;
    let result = store.add_affected_customers(&at("manager:1", 10), incident.id, &[known, CustomerId(9_999)]).await;
    assert_invalid(result, "customer_ids");
    let page = store.list_affected_customers(incident.id, PageRequest::default()).await.unwrap();
    assert!(page.items.is_empty(), "the transaction rolled back: {page:?}");
}

/// Large sets are added in one call; repeats within the call count once.
pub async fn affected_customers_are_added_in_bulk(store: Arc<dyn Store>) {
    let incident = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();
    let batch = (0..1_203).map(|number| customer_fields(&format!("C-{number:05}"))).collect();
    let customers = store.upsert_customers(&at("import", 1), batch).await.unwrap();
    let mut ids: Vec<CustomerId> = customers.iter().map(|outcome| outcome.record().id).collect();
    ids.extend_from_within(..10);
    assert_eq!(store.add_affected_customers(&at("manager:1", 2), incident.id, &ids).await.unwrap(), 1_203);
    assert_eq!(store.add_affected_customers(&at("manager:1", 3), incident.id, &ids).await.unwrap(), 0);

    let mut listed = 0;
    let mut page = store.list_affected_customers(incident.id, PageRequest::first(MAX_PAGE_SIZE)).await.unwrap();
    loop {
        listed += page.items.len();
        let Some(next) = page.next else { break };
        page = store.list_affected_customers(incident.id, PageRequest::after(MAX_PAGE_SIZE, next)).await.unwrap();
    }
    assert_eq!(listed, 1_203);
    let filter = AuditFilter { entity: Some(Entity::Incident), entity_id: Some(incident.id.0) };
    let entries = store.list_audit(&filter, PageRequest::default()).await.unwrap().items;
    assert_eq!(entries.len(), 2, "the creation and one addition; the no-op writes no entry");
    assert_eq!(entries[0].after.as_ref().unwrap()["added_customer_ids"].as_array().unwrap().len(), 1_203);
}
