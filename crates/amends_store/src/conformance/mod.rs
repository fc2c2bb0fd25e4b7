//! The behaviour every backend must show, written once and run against each one.
//!
//! A backend's test file calls [`conformance_tests!`](crate::conformance_tests) with an async
//! function that returns a [`Fresh`] database (or `None` to skip, with the reason printed),
//! and gets one `#[tokio::test]` per behaviour below. Each test has its own database, so they
//! run in parallel.

pub mod audit;
pub mod cases;
pub mod concurrency;
pub mod customers;
pub mod idempotency;
pub mod incidents;
pub mod jobs;
pub mod pagination;
pub mod story;
pub mod throughput;
pub mod users;

use std::future::Future;
use std::panic::resume_unwind;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::model::{
    CaseId, Channel, ContactKind, ContactPoint, Customer, CustomerFields, CustomerId, IncidentFields, IncidentStatus,
    NewCase, NewUser, Priority, Role, Severity, User,
};
use crate::{Change, Store, StoreError};

/// A fresh, migrated database for one test, and how to get rid of it afterwards.
pub struct Fresh {
    /// The store over the new database.
    pub store: Arc<dyn Store>,
    /// Drops the database (or deletes its file); awaited after the test, even when it failed.
    pub teardown: Pin<Box<dyn Future<Output = ()> + Send>>,
}

/// Runs one conformance test on `fresh`, tears the database down, then re-raises the test's
/// panic if it had one.
pub async fn run<Test, Outcome>(fresh: Fresh, test: Test)
where
    Test: FnOnce(Arc<dyn Store>) -> Outcome,
    Outcome: Future<Output = ()> + Send + 'static,
{
    let Fresh { store, teardown } = fresh;
    let outcome = tokio::spawn(test(Arc::clone(&store))).await;
    drop(store);
    teardown.await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => resume_unwind(panic),
            Err(error) => panic!("conformance test did not finish: {error}"),
        }
    }
}

/// Declares one `#[tokio::test]` per conformance behaviour, each on a database from `$fresh`
/// (an async function returning `Option<Fresh>`; `None` skips the test).
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:path) => {
        $crate::conformance_tests!(@each $fresh;
            users::users_round_trip,
            users::user_emails_are_unique,
            users::api_tokens_are_found_by_hash_and_revoked,
            customers::customers_round_trip,
            customers::customer_fields_are_validated,
            customers::customer_external_ids_are_unique,
            customers::customer_upsert_changes_nothing_on_reimport,
            customers::orders_round_trip,
            customers::order_upsert_changes_nothing_on_reimport,
            customers::import_batches_are_all_or_nothing,
            incidents::incidents_round_trip,
            incidents::affected_customers_are_added_once,
            incidents::unknown_affected_customer_adds_nobody,
            incidents::affected_customers_are_added_in_bulk,
            cases::cases_round_trip,
            cases::case_references_are_checked,
            cases::cases_open_with_their_first_message,
            cases::case_status_stamps_resolution,
            cases::instants_are_kept_to_the_microsecond,
            cases::messages_form_the_thread,
            cases::remedies_round_trip,
            cases::follow_ups_round_trip,
            cases::survey_responses_round_trip,
            cases::link_answers_are_recorded_and_single_use_links_once,
            pagination::pages_are_stable_with_equal_timestamps,
            pagination::case_filters_narrow_the_list,
            pagination::page_limits_are_checked,
            pagination::sub_second_instants_sort_in_time_order,
            audit::every_change_is_audited,
            audit::audit_log_pages_and_filters,
            idempotency::keys_claim_replay_and_expire,
            idempotency::released_keys_can_be_claimed_again,
            concurrency::concurrent_writers_all_succeed,
            concurrency::concurrent_intakes_fail_alone,
            concurrency::concurrent_claims_have_one_winner,
            concurrency::concurrent_upserts_create_once,
            story::a_complaint_from_intake_to_follow_up,
            jobs::jobs_are_enqueued_once_per_key,
            jobs::claims_take_due_jobs_in_order,
            jobs::finishing_retries_and_dead_letters,
            jobs::permanent_failures_dead_letter_at_once,
            jobs::expired_leases_are_taken_over_and_fenced,
            jobs::lost_last_attempts_dead_letter,
            jobs::postponing_spends_no_attempt,
            jobs::concurrent_claims_never_share_a_job,
            jobs::replies_queue_their_delivery_in_the_same_transaction,
            jobs::resolution_schedules_moves_and_cancels_the_follow_up,
            jobs::escalations_are_recorded_once_with_their_notifications,
        );
    };
    (@each $fresh:path; $($module:ident :: $name:ident),+ $(,)?) => {
        $(
            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(fresh) = $fresh().await else { return };
                $crate::conformance::run(fresh, $crate::conformance::$module::$name).await;
            }
        )+
    };
}

/// A fixed instant the tests count from: nothing depends on the wall clock.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a valid instant")
}

/// A change by `actor` `seconds` after [`t0`].
pub fn at(actor: &str, seconds: i64) -> Change {
    Change::new(actor, t0() + TimeDelta::seconds(seconds))
}

/// Customer fields for `external_id`, in Chicago.
pub fn customer_fields(external_id: &str) -> CustomerFields {
    CustomerFields {
        external_id: external_id.to_owned(),
        name: format!("Customer {external_id}"),
        contacts: vec![
            ContactPoint { kind: ContactKind::Email, value: format!("{external_id}@example.com") },
            ContactPoint { kind: ContactKind::Phone, value: "+1 312 555 0100".to_owned() },
        ],
        time_zone: "America/Chicago".to_owned(),
        locale: Some("en-US".to_owned()),
        tier: Some("gold".to_owned()),
    }
}

/// Creates a customer.
pub async fn customer(store: &dyn Store, external_id: &str) -> Customer {
    store.create_customer(&at("test", 0), customer_fields(external_id)).await.expect("customer created")
}

/// Creates an agent.
pub async fn agent(store: &dyn Store, email: &str) -> User {
    let user = NewUser {
        email: email.to_owned(),
        display_name: "Dana Agent".to_owned(),
        role: Role::Agent,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
    };
    store.create_user(&at("test", 0), user).await.expect("user created")
}

/// A new email case for `customer`, normal priority.
pub fn new_case(customer_id: CustomerId) -> NewCase {
    NewCase {
        customer_id,
        channel: Channel::Email,
        priority: Priority::Normal,
        owner_id: None,
        incident_id: None,
        subject: "Wrong sweater shipped".to_owned(),
        first_response_due: Some(t0() + TimeDelta::hours(24)),
        resolution_due: Some(t0() + TimeDelta::hours(72)),
        first_message: None,
    }
}

/// Opens a case for `customer` at `seconds` after [`t0`].
pub async fn case(store: &dyn Store, customer_id: CustomerId, seconds: i64) -> CaseId {
    store.create_case(&at("test", seconds), new_case(customer_id)).await.expect("case created").id
}

/// Incident fields: a carrier failure under investigation.
pub fn incident_fields() -> IncidentFields {
    IncidentFields {
        title: "Parcels held at the Memphis hub".to_owned(),
        root_cause: "carrier".to_owned(),
        severity: Severity::High,
        status: IncidentStatus::Investigating,
        started_at: t0() - TimeDelta::hours(6),
        resolved_at: None,
    }
}

/// Asserts `result` failed as `Invalid` for `field`.
#[track_caller]
pub fn assert_invalid<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) {
    match result {
        Err(StoreError::Invalid { field: actual, .. }) if actual == field => {}
        other => panic!("expected Invalid {{ field: {field} }}, got {other:?}"),
    }
}

/// Asserts `result` failed as `NotFound`.
#[track_caller]
pub fn assert_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// Asserts `result` failed as `Conflict`.
#[track_caller]
pub fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
}
