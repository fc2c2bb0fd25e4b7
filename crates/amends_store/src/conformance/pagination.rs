//! Cursor pagination and case filters.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::TimeDelta;

use super::{agent, assert_invalid, at, customer, customer_fields, incident_fields, new_case, t0};
use crate::model::{CaseFilter, CasePatch, CaseStatus, Priority};
use crate::{Change, MAX_PAGE_SIZE, PageRequest, Store};

/// Many records with the same timestamp are each listed exactly once across pages.
pub async fn pages_are_stable_with_equal_timestamps(store: Arc<dyn Store>) {
    let same_instant = at("import", 0);
    let mut created = Vec::new();
    for number in 0..23 {
        let customer = store.create_customer(&same_instant, customer_fields(&format!("C-{number:02}"))).await.unwrap();
        created.push(customer.id);
    }
    let mut seen = Vec::new();
    let mut page = store.list_customers(PageRequest::first(5)).await.unwrap();
    loop {
        assert!(page.items.len() <= 5);
        seen.extend(page.items.iter().map(|customer| customer.id));
        let Some(next) = page.next else { break };
        page = store.list_customers(PageRequest::after(5, next)).await.unwrap();
    }
    created.reverse();
    assert_eq!(seen, created, "newest id first, none skipped, none repeated");

    // A record changed while paging moves to the front; the rest of the walk is unaffected.
    let first = store.list_customers(PageRequest::first(10)).await.unwrap();
    let touched = *created.last().unwrap();
    let mut fields = customer_fields("C-00");
    fields.name = "Changed".to_owned();
    store.update_customer(&at("agent:1", 60), touched, fields).await.unwrap();
    let rest = store.list_customers(PageRequest::after(50, first.next.unwrap())).await.unwrap();
    let rest_ids: HashSet<_> = rest.items.iter().map(|customer| customer.id).collect();
    assert_eq!(rest_ids.len(), 12, "23 minus the first 10 minus the one that moved ahead");
    assert!(!rest_ids.contains(&touched));
}

/// Each filter alone, and together, selects exactly the matching cases.
pub async fn case_filters_narrow_the_list(store: Arc<dyn Store>) {
    let ada = customer(&*store, "C-1").await;
    let bob = customer(&*store, "C-2").await;
    let dana = agent(&*store, "dana@example.com").await;
    let incident = store.create_incident(&at("manager:1", 0), incident_fields()).await.unwrap();

    let plain = store.create_case(&at("intake", 10), new_case(ada.id)).await.unwrap();
    let owned = store.create_case(&at("intake", 20), new_case(ada.id)).await.unwrap();
    let owned = store
        .update_case(&at("agent:1", 30), owned.id, CasePatch { owner_id: Some(Some(dana.id)), ..CasePatch::default() })
        .await
        .unwrap();
    let mut linked = new_case(bob.id);
    linked.incident_id = Some(incident.id);
    linked.priority = Priority::Urgent;
    let linked = store.create_case(&at("intake", 40), linked).await.unwrap();
    let resolved = store.create_case(&at("intake", 50), new_case(bob.id)).await.unwrap();
    let resolved = store
        .update_case(
            &at("agent:1", 60),
            resolved.id,
            CasePatch { status: Some(CaseStatus::Resolved), ..CasePatch::default() },
        )
        .await
        .unwrap();

    let ids = |filter: CaseFilter| {
        let store = Arc::clone(&store);
        async move {
            let page = store.list_cases(&filter, PageRequest::default()).await.unwrap();
            page.items.into_iter().map(|case| case.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(CaseFilter::default()).await, vec![resolved.id, linked.id, owned.id, plain.id]);
    assert_eq!(
        ids(CaseFilter { status: Some(CaseStatus::Resolved), ..CaseFilter::default() }).await,
        vec![resolved.id]
    );
    assert_eq!(
        ids(CaseFilter { status: Some(CaseStatus::New), ..CaseFilter::default() }).await,
        vec![linked.id, owned.id, plain.id]
    );
    assert_eq!(ids(CaseFilter { priority: Some(Priority::Urgent), ..CaseFilter::default() }).await, vec![linked.id]);
    assert_eq!(ids(CaseFilter { owner_id: Some(dana.id), ..CaseFilter::default() }).await, vec![owned.id]);
    assert_eq!(ids(CaseFilter { incident_id: Some(incident.id), ..CaseFilter::default() }).await, vec![linked.id]);
    assert_eq!(ids(CaseFilter { customer_id: Some(ada.id), ..CaseFilter::default() }).await, vec![owned.id, plain.id]);
    let since = t0() + TimeDelta::seconds(30);
    assert_eq!(
        ids(CaseFilter { updated_since: Some(since), ..CaseFilter::default() }).await,
        vec![resolved.id, linked.id, owned.id]
    );
    let combined = CaseFilter { customer_id: Some(bob.id), status: Some(CaseStatus::New), ..CaseFilter::default() };
    assert_eq!(ids(combined).await, vec![linked.id]);

    // Filters hold across pages too.
    let filter = CaseFilter { status: Some(CaseStatus::New), ..CaseFilter::default() };
    let first = store.list_cases(&filter, PageRequest::first(2)).await.unwrap();
    let second = store.list_cases(&filter, PageRequest::after(2, first.next.unwrap())).await.unwrap();
    assert_eq!(second.items.iter().map(|case| case.id).collect::<Vec<_>>(), vec![plain.id]);
    assert_eq!(second.next, None);
}

/// A page of zero or of more than the maximum is refused.
pub async fn page_limits_are_checked(store: Arc<dyn Store>) {
    assert_invalid(store.list_customers(PageRequest::first(0)).await, "limit");
    assert_invalid(store.list_cases(&CaseFilter::default(), PageRequest::first(MAX_PAGE_SIZE + 1)).await, "limit");
    assert!(store.list_incidents(PageRequest::first(MAX_PAGE_SIZE)).await.unwrap().items.is_empty());
}

/// Order, cursors and "updated since" follow time even when instants differ only in their
/// fractions of a second (SQLite compares them as text, so this pins the encoding).
pub async fn sub_second_instants_sort_in_time_order(store: Arc<dyn Store>) {
    let offsets_micros = [1_000_000, 0, 500_000, 123_456, 120_000, 1, 999_999];
    let mut created = Vec::new();
    for (number, micros) in offsets_micros.iter().enumerate() {
        let change = Change::new("import", t0() + TimeDelta::microseconds(*micros));
        let customer = store.create_customer(&change, customer_fields(&format!("C-{number}"))).await.unwrap();
        created.push((*micros, customer.id));
    }
    created.sort_by(|left, right| right.cmp(left));
    let expected: Vec<_> = created.iter().map(|(_, id)| *id).collect();

    let mut walked = Vec::new();
    let mut page = store.list_customers(PageRequest::first(1)).await.unwrap();
    loop {
        walked.extend(page.items.iter().map(|customer| customer.id));
        let Some(next) = page.next else { break };
        page = store.list_customers(PageRequest::after(1, next)).await.unwrap();
    }
    assert_eq!(walked, expected);

    let ada = customer(&*store, "C-cases").await;
    let mut cases = Vec::new();
    for micros in [120_000, 123_456, 999_999] {
        let change = Change::new("intake", t0() + TimeDelta::microseconds(micros));
        cases.push(store.create_case(&change, new_case(ada.id)).await.unwrap().id);
    }
    let since = CaseFilter { updated_since: Some(t0() + TimeDelta::microseconds(123_456)), ..CaseFilter::default() };
    let page = store.list_cases(&since, PageRequest::default()).await.unwrap();
    assert_eq!(page.items.iter().map(|case| case.id).collect::<Vec<_>>(), vec![cases[2], cases[1]]);
}
