//! Customers and orders.

use std::sync::Arc;

use chrono::TimeDelta;

use super::{assert_conflict, assert_invalid, assert_not_found, at, customer, customer_fields, t0};
use crate::model::{AuditFilter, CustomerId, Entity, OrderFields, OrderId, Upserted};
use crate::{PageRequest, Store};

/// Create, get, find by external id, replace, list; contact points survive the round trip.
pub async fn customers_round_trip(store: Arc<dyn Store>) {
    let created = store.create_customer(&at("agent:1", 0), customer_fields("C-1")).await.unwrap();
    assert_eq!(created.contacts, customer_fields("C-1").contacts);
    assert_eq!(created.time_zone, "America/Chicago");
    assert_eq!(created.created_at, t0());
    assert_eq!(store.get_customer(created.id).await.unwrap(), created);
    assert_eq!(store.find_customer_by_external_id("C-1").await.unwrap(), created);

    let mut fields = customer_fields("C-1");
    fields.name = "Ada Lovelace".to_owned();
    fields.time_zone = "Europe/London".to_owned();
    fields.contacts.reverse();
    fields.tier = None;
    let updated = store.update_customer(&at("agent:1", 30), created.id, fields.clone()).await.unwrap();
    assert!(updated.has_fields(&fields));
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(updated.updated_at, t0() + TimeDelta::seconds(30));
    assert_eq!(store.get_customer(created.id).await.unwrap(), updated);

    let page = store.list_customers(PageRequest::default()).await.unwrap();
    assert_eq!(page.items, vec![updated]);

    assert_not_found(store.get_customer(CustomerId(9_999)).await);
    assert_not_found(store.find_customer_by_external_id("C-404").await);
    assert_not_found(store.update_customer(&at("agent:1", 30), CustomerId(9_999), fields).await);
}

/// Blank names and unknown time zones are refused before anything is written.
pub async fn customer_fields_are_validated(store: Arc<dyn Store>) {
    let mut fields = customer_fields("C-1");
    fields.time_zone = "Mars/Olympus_Mons".to_owned();
    assert_invalid(store.create_customer(&at("agent:1", 0), fields).await, "time_zone");
    let mut fields = customer_fields("C-1");
    fields.name = "  ".to_owned();
    assert_invalid(store.upsert_customer(&at("agent:1", 0), fields).await, "name");
    assert!(store.list_customers(PageRequest::default()).await.unwrap().items.is_empty());
}

/// Two customers cannot share an external id, by creation or by update.
pub async fn customer_external_ids_are_unique(store: Arc<dyn Store>) {
    customer(&*store, "C-1").await;
    let second = customer(&*store, "C-2").await;
    assert_conflict(store.create_customer(&at("agent:1", 1), customer_fields("C-1")).await);
    assert_conflict(store.update_customer(&at("agent:1", 1), second.id, customer_fields("C-1")).await);
    assert_eq!(store.get_customer(second.id).await.unwrap(), second);
}

/// Upsert creates, then writes nothing for identical fields, then updates on a real change.
pub async fn customer_upsert_changes_nothing_on_reimport(store: Arc<dyn Store>) {
    let filter = AuditFilter { entity: Some(Entity::Customer), entity_id: None };
    let created = match store.upsert_customer(&at("import", 0), customer_fields("C-1")).await.unwrap() {
        Upserted::Created(customer) => customer,
        other => panic!("expected Created, got {other:?}"),
    };
    let again = store.upsert_customer(&at("import", 3_600), customer_fields("C-1")).await.unwrap();
    assert_eq!(again, Upserted::Unchanged(created.clone()), "a re-import keeps updated_at");
    assert_eq!(store.list_audit(&filter, PageRequest::default()).await.unwrap().items.len(), 1);

    let mut fields = customer_fields("C-1");
    fields.tier = Some("platinum".to_owned());
    let updated = store.upsert_customer(&at("import", 7_200), fields).await.unwrap();
    let Upserted::Updated(updated) = updated else { panic!("expected Updated, got {updated:?}") };
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.tier.as_deref(), Some("platinum"));
    assert_eq!(store.list_audit(&filter, PageRequest::default()).await.unwrap().items.len(), 2);
}

fn order_fields(external_id: &str, customer_id: CustomerId) -> OrderFields {
    OrderFields {
        external_id: external_id.to_owned(),
        customer_id,
        placed_at: t0() - TimeDelta::days(3),
        total_minor: 4_999,
        currency: "USD".to_owned(),
        summary: Some("Blue merino sweater".to_owned()),
    }
}

/// Orders: money in minor units, references checked, external ids unique, listed per customer.
pub async fn orders_round_trip(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let bob = customer(&*store, "C-2").await;
    let first = store.create_order(&at("import", 1), order_fields("O-1", ada.id)).await.unwrap();
    assert_eq!(first.total_minor, 4_999);
    assert_eq!(first.currency, "USD");
    assert_eq!(store.get_order(first.id).await.unwrap(), first);
    let second = store.create_order(&at("import", 2), order_fields("O-2", ada.id)).await.unwrap();
    store.create_order(&at("import", 3), order_fields("O-3", bob.id)).await.unwrap();

    let page = store.list_orders(ada.id, PageRequest::default()).await.unwrap();
    assert_eq!(page.items, vec![second, first]);

    assert_conflict(store.create_order(&at("import", 4), order_fields("O-1", bob.id)).await);
    assert_invalid(store.create_order(&at("import", 4), order_fields("O-9", CustomerId(9_999))).await, "customer_id");
    let mut fields = order_fields("O-9", ada.id);
    fields.currency = "dollars".to_owned();
    assert_invalid(store.create_order(&at("import", 4), fields).await, "currency");
    assert_not_found(store.get_order(OrderId(9_999)).await);
    assert_not_found(store.list_orders(CustomerId(9_999), PageRequest::default()).await);
    assert!(store.list_orders(bob.id, PageRequest::first(1)).await.unwrap().next.is_none());
}

/// Re-importing an order changes nothing; a changed total updates it.
pub async fn order_upsert_changes_nothing_on_reimport(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let created = store.upsert_order(&at("import", 1), order_fields("O-1", ada.id)).await.unwrap();
    assert!(matches!(created, Upserted::Created(_)), "{created:?}");
    let again = store.upsert_order(&at("import", 2), order_fields("O-1", ada.id)).await.unwrap();
    assert_eq!(again, Upserted::Unchanged(created.record().clone()));
    let mut fields = order_fields("O-1", ada.id);
    fields.total_minor = 3_999;
    let updated = store.upsert_order(&at("import", 3), fields).await.unwrap();
    let Upserted::Updated(updated) = updated else { panic!("expected Updated, got {updated:?}") };
    assert_eq!(updated.total_minor, 3_999);
    assert_eq!(updated.updated_at, at("", 3).at());
    assert_invalid(store.upsert_order(&at("import", 4), order_fields("O-2", CustomerId(9_999))).await, "customer_id");
}

/// An import batch is one transaction: outcomes per row, a bad row named and nothing written.
pub async fn import_batches_are_all_or_nothing(store: Arc<dyn Store>) {
    let existing = customer(&*store, "C-1").await;
    let mut changed = customer_fields("C-2");
    changed.tier = None;
    let batch = vec![customer_fields("C-1"), customer_fields("C-2"), changed.clone()];
    let outcomes = store.upsert_customers(&at("import", 10), batch).await.unwrap();
    assert_eq!(outcomes[0], Upserted::Unchanged(existing.clone()));
    let Upserted::Created(created) = &outcomes[1] else { panic!("expected Created, got {:?}", outcomes[1]) };
    let Upserted::Updated(updated) = &outcomes[2] else { panic!("expected Updated, got {:?}", outcomes[2]) };
    assert_eq!(updated.id, created.id, "a repeated external id is upserted again, in order");
    assert!(updated.has_fields(&changed));

    let mut bad = customer_fields("C-4");
    bad.time_zone = "Nowhere/Special".to_owned();
    let batch = vec![customer_fields("C-3"), bad];
    assert_invalid(store.upsert_customers(&at("import", 20), batch).await, "[1].time_zone");
    assert_not_found(store.find_customer_by_external_id("C-3").await);

    let orders = vec![order_fields("O-1", existing.id), order_fields("O-2", CustomerId(9_999))];
    assert_invalid(store.upsert_orders(&at("import", 30), orders).await, "[1].customer_id");
    assert!(store.list_orders(existing.id, PageRequest::default()).await.unwrap().items.is_empty(), "rolled back");
    let orders = vec![order_fields("O-1", existing.id), order_fields("O-2", existing.id)];
    let outcomes = store.upsert_orders(&at("import", 40), orders.clone()).await.unwrap();
    assert!(outcomes.iter().all(|outcome| matches!(outcome, Upserted::Created(_))), "{outcomes:?}");
    let again = store.upsert_orders(&at("import", 50), orders).await.unwrap();
    assert!(again.iter().all(|outcome| matches!(outcome, Upserted::Unchanged(_))), "{again:?}");
}
