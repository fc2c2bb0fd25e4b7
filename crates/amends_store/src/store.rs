//! The storage contract, one trait per area; [`Store`] is all of them together.
//!
//! Every method that changes state takes a [`Change`] (who and when) and writes one audit
//! entry per created or changed record in the same transaction, so the log and the data never
//! disagree. Idempotency keys are the exception: they are request bookkeeping, not records of
//! the business, and they expire.
//!
//! Inputs are checked and normalized (see [`model`](crate::model)) before anything is
//! written.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{
    ApiToken, ApiTokenId, AuditEntry, AuditFilter, Case, CaseFilter, CaseId, CasePatch, ClaimRequest, Customer,
    CustomerFields, CustomerId, Enqueued, Escalation, Finish, FollowUp, FollowUpId, IdempotencyClaim,
    IdempotencyRecord, Incident, IncidentFields, IncidentId, Job, JobCounts, JobFilter, JobId, LeaseRef, LinkAnswer,
    Message, NewApiToken, NewCase, NewEscalation, NewFollowUp, NewJob, NewMessage, NewRemedy, NewSurveyResponse,
    NewUser, OpenedCase, Order, OrderFields, OrderId, Remedy, RemedyId, RemedyStatus, Resolution, StoredResponse,
    SurveyResponse, Upserted, User, UserId, UserPatch,
};
use crate::{Change, Page, PageRequest, StoreError};

/// Users and their API tokens.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates a user. A second user with the same email is a [`StoreError::Conflict`].
    async fn create_user(&self, change: &Change, user: NewUser) -> Result<User, StoreError>;
    /// The user with this id.
    async fn get_user(&self, id: UserId) -> Result<User, StoreError>;
    /// The user with this email (any case).
    async fn find_user_by_email(&self, email: &str) -> Result<User, StoreError>;
    /// Changes a user.
    async fn update_user(&self, change: &Change, id: UserId, patch: UserPatch) -> Result<User, StoreError>;
    /// Users, most recently changed first.
    async fn list_users(&self, page: PageRequest) -> Result<Page<User>, StoreError>;
    /// Records an API token by its hash.
    async fn create_api_token(&self, change: &Change, token: NewApiToken) -> Result<ApiToken, StoreError>;
    /// The token with this hash, revoked or not: the caller checks `revoked_at`.
    async fn find_api_token(&self, token_hash: &str) -> Result<ApiToken, StoreError>;
    /// Revokes a token; revoking twice keeps the first instant.
    async fn revoke_api_token(&self, change: &Change, id: ApiTokenId) -> Result<ApiToken, StoreError>;
    /// A user's tokens, newest first; `NotFound` if the user does not exist.
    async fn list_api_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError>;
}

/// Customers and their orders.
#[async_trait]
pub trait CustomerStore: Send + Sync {
    /// Creates a customer. An external id already used is a [`StoreError::Conflict`].
    async fn create_customer(&self, change: &Change, fields: CustomerFields) -> Result<Customer, StoreError>;
    /// Creates the customer with this external id, or brings it up to date. Identical fields
    /// write nothing (no audit entry, `updated_at` kept), so re-importing a file changes nothing.
    async fn upsert_customer(&self, change: &Change, fields: CustomerFields) -> Result<Upserted<Customer>, StoreError>;
    /// Upserts an import batch in one transaction: all rows are written or none. Returns one
    /// outcome per row, in order. A bad row fails the batch, and an `Invalid` error names it
    /// (`[3].time_zone`). An external id repeated in the batch is upserted twice, in order.
    async fn upsert_customers(
        &self,
        change: &Change,
        batch: Vec<CustomerFields>,
    ) -> Result<Vec<Upserted<Customer>>, StoreError>;
    /// The customer with this id.
    async fn get_customer(&self, id: CustomerId) -> Result<Customer, StoreError>;
    /// The customer with this external id.
    async fn find_customer_by_external_id(&self, external_id: &str) -> Result<Customer, StoreError>;
    /// Replaces a customer's fields.
    async fn update_customer(
        &self,
        change: &Change,
        id: CustomerId,
        fields: CustomerFields,
    ) -> Result<Customer, StoreError>;
    /// Customers, most recently changed first.
    async fn list_customers(&self, page: PageRequest) -> Result<Page<Customer>, StoreError>;
    /// Creates an order. An external id already used is a [`StoreError::Conflict`].
    async fn create_order(&self, change: &Change, fields: OrderFields) -> Result<Order, StoreError>;
    /// Creates the order with this external id, or brings it up to date; identical fields
    /// write nothing.
    async fn upsert_order(&self, change: &Change, fields: OrderFields) -> Result<Upserted<Order>, StoreError>;
    /// Upserts an import batch of orders in one transaction, like
    /// [`upsert_customers`](CustomerStore::upsert_customers).
    async fn upsert_orders(&self, change: &Change, batch: Vec<OrderFields>)
    -> Result<Vec<Upserted<Order>>, StoreError>;
    /// The order with this id.
    async fn get_order(&self, id: OrderId) -> Result<Order, StoreError>;
    /// A customer's orders, most recently changed first; `NotFound` if the customer does not exist.
    async fn list_orders(&self, customer_id: CustomerId, page: PageRequest) -> Result<Page<Order>, StoreError>;
}

/// Incidents and the customers they affected.
#[async_trait]
pub trait IncidentStore: Send + Sync {
    /// Declares an incident.
    async fn create_incident(&self, change: &Change, fields: IncidentFields) -> Result<Incident, StoreError>;
    /// The incident with this id.
    async fn get_incident(&self, id: IncidentId) -> Result<Incident, StoreError>;
    /// Replaces an incident's fields.
    async fn update_incident(
        &self,
        change: &Change,
        id: IncidentId,
        fields: IncidentFields,
    ) -> Result<Incident, StoreError>;
    /// Incidents, most recently changed first.
    async fn list_incidents(&self, page: PageRequest) -> Result<Page<Incident>, StoreError>;
    /// Adds customers to the affected set; those already in it are skipped. Returns how many
    /// were added. An unknown customer fails the whole call.
    async fn add_affected_customers(
        &self,
        change: &Change,
        id: IncidentId,
        customers: &[CustomerId],
    ) -> Result<u64, StoreError>;
    /// The affected customers, most recently added first; `NotFound` if the incident does not exist.
    async fn list_affected_customers(&self, id: IncidentId, page: PageRequest) -> Result<Page<Customer>, StoreError>;
}

/// Cases and everything in them: messages, remedies, follow-ups, survey responses.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Opens a case as [`CaseStatus::New`](crate::model::CaseStatus::New), with its first
    /// inbound message when [`NewCase::first_message`](crate::model::NewCase::first_message)
    /// is given (one transaction, an audit entry for each). Returns both.
    ///
    /// A backend may commit concurrent calls together (SQLite does, see its crate); each
    /// call still gets its own result, and one call's invalid input never fails another's.
    async fn open_case(&self, change: &Change, case: NewCase) -> Result<OpenedCase, StoreError>;
    /// [`open_case`](CaseStore::open_case), returning the case alone.
    async fn create_case(&self, change: &Change, case: NewCase) -> Result<Case, StoreError> {
        self.open_case(change, case).await.map(|opened| opened.case)
    }
    /// The case with this id.
    async fn get_case(&self, id: CaseId) -> Result<Case, StoreError>;
    /// Changes a case. Moving it out of `resolved` (reopening or closing it) cancels its
    /// open follow-ups and their queued jobs.
    async fn update_case(&self, change: &Change, id: CaseId, patch: CasePatch) -> Result<Case, StoreError>;
    /// Cases matching `filter`, most recently changed first.
    async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>, StoreError>;
    /// Adds a message to a case's thread; the case's `updated_at` moves to the change's
    /// instant, and the first outbound message stamps `first_responded_at`.
    async fn add_message(&self, change: &Change, message: NewMessage) -> Result<Message, StoreError>;
    /// Records an outbound message and queues its deliveries in the same transaction
    /// (the transactional outbox): either both are committed or neither is.
    async fn reply(
        &self,
        change: &Change,
        message: NewMessage,
        deliveries: Vec<NewJob>,
    ) -> Result<(Message, Vec<Enqueued>), StoreError>;
    /// Resolves a case and, when given, schedules its follow-up with the job that sends it
    /// (none for a follow-up done by hand), in one transaction. Earlier follow-ups still open
    /// are cancelled with their jobs.
    async fn resolve_case(
        &self,
        change: &Change,
        id: CaseId,
        follow_up: Option<(NewFollowUp, Option<NewJob>)>,
    ) -> Result<Resolution, StoreError>;
    /// A case's thread, oldest first; `NotFound` if the case does not exist.
    async fn list_messages(&self, case_id: CaseId) -> Result<Vec<Message>, StoreError>;
    /// Offers a remedy on a case.
    async fn create_remedy(&self, change: &Change, remedy: NewRemedy) -> Result<Remedy, StoreError>;
    /// Moves a remedy to another status.
    async fn set_remedy_status(
        &self,
        change: &Change,
        id: RemedyId,
        status: RemedyStatus,
    ) -> Result<Remedy, StoreError>;
    /// A case's remedies, oldest first; `NotFound` if the case does not exist.
    async fn list_remedies(&self, case_id: CaseId) -> Result<Vec<Remedy>, StoreError>;
    /// Schedules a follow-up.
    async fn create_follow_up(&self, change: &Change, follow_up: NewFollowUp) -> Result<FollowUp, StoreError>;
    /// Marks a follow-up done at the change's instant; doing it twice keeps the first instant.
    async fn complete_follow_up(&self, change: &Change, id: FollowUpId) -> Result<FollowUp, StoreError>;
    /// A case's follow-ups, earliest due first; `NotFound` if the case does not exist.
    async fn list_follow_ups(&self, case_id: CaseId) -> Result<Vec<FollowUp>, StoreError>;
    /// Open follow-ups due at or before `due_by`, earliest first, at most `limit`.
    async fn due_follow_ups(&self, due_by: DateTime<Utc>, limit: u32) -> Result<Vec<FollowUp>, StoreError>;
    /// Records a survey answer, answered at the change's instant.
    async fn record_survey_response(
        &self,
        change: &Change,
        response: NewSurveyResponse,
    ) -> Result<SurveyResponse, StoreError>;
    /// Records a customer's answer through a signed link, in one transaction: a survey score,
    /// or the choice of an offered remedy (which becomes `accepted`). With a `nonce` (a
    /// single-use link) the nonce is recorded too, and a link already answered is a
    /// [`StoreError::Conflict`] that changes nothing.
    async fn answer_link(&self, change: &Change, answer: LinkAnswer) -> Result<(), StoreError>;
    /// Open cases with a deadline at or before `horizon` that is not yet recorded as breached,
    /// by id, at most `limit`: the candidates for an escalation.
    async fn cases_near_deadline(&self, horizon: DateTime<Utc>, limit: u32) -> Result<Vec<Case>, StoreError>;
    /// Records escalations that are new and queues their notifications in the same
    /// transaction; one already recorded for its case and kind is skipped with its jobs.
    /// Returns those recorded now.
    async fn escalate(&self, change: &Change, escalations: Vec<NewEscalation>) -> Result<Vec<Escalation>, StoreError>;
    /// A case's escalations, oldest first; `NotFound` if the case does not exist.
    async fn list_escalations(&self, case_id: CaseId) -> Result<Vec<Escalation>, StoreError>;
    /// A case's survey answers, oldest first; `NotFound` if the case does not exist.
    async fn list_survey_responses(&self, case_id: CaseId) -> Result<Vec<SurveyResponse>, StoreError>;
}

/// Reading the audit log. There is no way to change it.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Entries matching `filter`, newest first.
    async fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>, StoreError>;
}

/// Idempotency keys for create requests.
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Claims `(scope, key)` for a request, atomically: exactly one of several concurrent
    /// callers gets [`IdempotencyClaim::Claimed`]. A record older than
    /// [`IDEMPOTENCY_RETENTION`](crate::model::IDEMPOTENCY_RETENTION) counts as absent.
    async fn claim_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<IdempotencyClaim, StoreError>;
    /// Stores the response of a claimed key, for replay.
    async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: StoredResponse,
    ) -> Result<IdempotencyRecord, StoreError>;
    /// Forgets a claimed key whose request failed before it produced a response, so a retry
    /// can run.
    async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), StoreError>;
    /// Deletes records older than the retention at `now`; returns how many.
    async fn purge_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// The durable job queue that carries outgoing messages. See [`Job`] for the lease rules.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Queues jobs in one transaction. A job whose key is already queued (in any state) is
    /// not queued again: [`Enqueued::Existing`] returns the one there.
    async fn enqueue_jobs(&self, change: &Change, jobs: Vec<NewJob>) -> Result<Vec<Enqueued>, StoreError>;
    /// Claims up to `limit` due jobs for `worker`, oldest due first, under a fresh lease each.
    /// Running jobs whose lease expired are taken back first: queued again, or dead-lettered
    /// when that claim was their last attempt. Concurrent claims never return the same job.
    async fn claim_jobs(&self, request: ClaimRequest<'_>) -> Result<Vec<Job>, StoreError>;
    /// Extends the leases still held until `until`; returns, per lease, whether it was held.
    async fn renew_leases(&self, leases: &[LeaseRef], until: DateTime<Utc>) -> Result<Vec<bool>, StoreError>;
    /// Whether `lease` is still the job's current claim and unexpired at `now`: asked right
    /// before sending.
    async fn holds_lease(&self, lease: LeaseRef, now: DateTime<Utc>) -> Result<bool, StoreError>;
    /// Records the workers' results in one transaction (group commit). Returns, per result,
    /// whether it was accepted: a result whose lease was superseded by a later claim is
    /// refused and changes nothing.
    async fn finish_jobs(&self, finishes: &[Finish], now: DateTime<Utc>) -> Result<Vec<bool>, StoreError>;
    /// The job with this id.
    async fn get_job(&self, id: JobId) -> Result<Job, StoreError>;
    /// Jobs matching `filter`, most recently changed first.
    async fn list_jobs(&self, filter: &JobFilter, page: PageRequest) -> Result<Page<Job>, StoreError>;
    /// How many jobs are in each state.
    async fn count_jobs(&self) -> Result<JobCounts, StoreError>;
    /// Queues a dead or cancelled job again, now, with its attempts reset. Other states are
    /// `Invalid`: a queued or running job is on its way already, a done one was delivered.
    async fn retry_job(&self, change: &Change, id: JobId) -> Result<Job, StoreError>;
}

/// Everything the store does. Use it as `Arc<dyn Store>`: the backend is chosen at run time
/// from the database URL.
#[async_trait]
pub trait Store:
    UserStore + CustomerStore + IncidentStore + CaseStore + AuditStore + IdempotencyStore + JobStore
{
    /// Applies the backend's pending migrations; safe to run at every start.
    async fn migrate(&self) -> Result<(), StoreError>;
    /// The backend's name, for logs and `/readyz`: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}
