//! The job queue: enqueue, claim under a lease, renew, finish, list and retry.

/// Implements [`JobStore`](crate::JobStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_job_store {
    ($store:ty, $db:ty, $lock:literal, $skip_locked:literal) => {
        /// Queues `jobs` inside `tx`; a key already queued returns the job there. Each new
        /// job is audited: it is the record that a message was promised.
        async fn insert_jobs(tx: &mut Tx, change: &Change, jobs: Vec<NewJob>) -> Result<Vec<Enqueued>, StoreError> {
            let mut enqueued = Vec::with_capacity(jobs.len());
            for (row, job) in jobs.into_iter().enumerate() {
                let job = job.normalized().map_err(|error| error.in_row(row))?;
                if let Some(case) = job.case_id {
                    require(tx, "cases", "case_id", Entity::Case, case.0).await?;
                }
                let inserted: Option<Job> = ::sqlx::query_as(&format!(
                    "INSERT INTO jobs (kind, purpose, key, case_id, payload, state, max_attempts, run_at, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                     ON CONFLICT (key) DO NOTHING RETURNING {JOB_COLUMNS}"
                ))
                .bind(job.kind.as_str())
                .bind(&job.purpose)
                .bind(&job.key)
                .bind(job.case_id)
                .bind(::sqlx::types::Json(&job.payload))
                .bind(JobState::Queued.as_str())
                .bind(job.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS))
                .bind(job.run_at)
                .bind(change.at())
                .fetch_optional(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Job, error))?;
                match inserted {
                    Some(created) => {
                        audit_created(tx, change, Entity::Job, created.id.0, &created).await?;
                        enqueued.push(Enqueued::Queued(created));
                    }
                    None => {
                        let existing: Job = ::sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE key = $1"))
                            .bind(&job.key)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(|error| map_error(Entity::Job, error))?;
                        enqueued.push(Enqueued::Existing(existing));
                    }
                }
            }
            Ok(enqueued)
        }

        /// Cancels the queued jobs of `purpose` on `case` inside `tx`; returns how many.
        async fn cancel_case_jobs(
            tx: &mut Tx,
            case: CaseId,
            purpose: &str,
            at: DateTime<Utc>,
        ) -> Result<u64, StoreError> {
            ::sqlx::query(
                "UPDATE jobs SET state = 'cancelled', finished_at = $1, updated_at = $1 \
                 WHERE case_id = $2 AND purpose = $3 AND state = 'queued'",
            )
            .bind(at)
            .bind(case)
            .bind(purpose)
            .execute(&mut **tx)
            .await
            .map(|done| done.rows_affected())
            .map_err(|error| map_error(Entity::Job, error))
        }

        #[::async_trait::async_trait]
        impl $crate::JobStore for $store {
            async fn enqueue_jobs(&self, change: &Change, jobs: Vec<NewJob>) -> Result<Vec<Enqueued>, StoreError> {
                let mut tx = begin(self).await?;
                let enqueued = insert_jobs(&mut tx, change, jobs).await?;
                commit(tx).await?;
                Ok(enqueued)
            }

            async fn claim_jobs(&self, request: ClaimRequest<'_>) -> Result<Vec<Job>, StoreError> {
                PageRequest::first(request.limit).validate()?;
                let now = $crate::model::micros(request.now);
                let lease_for = $crate::chrono::Duration::from_std(request.lease_for)
                    .map_err(|_| StoreError::invalid("lease_for", "too long"))?;
                let mut tx = begin(self).await?;
                // Take back expired leases: the worker holding them is gone or stuck. The job
                // keeps its lease number, so that worker's late finish can still be told apart
                // once another claim has moved the number on.
                ::sqlx::query(
                    "UPDATE jobs SET \
                     state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                     last_error = CASE WHEN attempts >= max_attempts \
                         THEN 'the worker lost its lease on the last attempt' ELSE last_error END, \
                     finished_at = CASE WHEN attempts >= max_attempts THEN $1 ELSE NULL END, \
                     lease_owner = NULL, lease_until = NULL, updated_at = $1 \
                     WHERE state = 'running' AND lease_until <= $1",
                )
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Job, error))?;
                let mut claimed: Vec<Job> = ::sqlx::query_as(&format!(
                    "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease = lease + 1, \
                     lease_owner = $1, lease_until = $2, updated_at = $3 \
                     WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3 \
                     ORDER BY run_at, id LIMIT $4{}) RETURNING {JOB_COLUMNS}",
                    $skip_locked
                ))
                .bind(request.worker)
                .bind(now + lease_for)
                .bind(now)
                .bind(i64::from(request.limit))
                .fetch_all(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Job, error))?;
                commit(tx).await?;
                claimed.sort_by_key(|job| (job.run_at, job.id));
                Ok(claimed)
            }

            async fn renew_leases(&self, leases: &[LeaseRef], until: DateTime<Utc>) -> Result<Vec<bool>, StoreError> {
                let mut tx = begin(self).await?;
                let mut held = Vec::with_capacity(leases.len());
                for lease in leases {
                    let renewed = ::sqlx::query(
                        "UPDATE jobs SET lease_until = $1 WHERE id = $2 AND lease = $3 AND state = 'running'",
                    )
                    .bind($crate::model::micros(until))
                    .bind(lease.id)
                    .bind(lease.lease)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Job, error))?;
                    held.push(renewed.rows_affected() == 1);
                }
                commit(tx).await?;
                Ok(held)
            }

            async fn holds_lease(&self, lease: LeaseRef, now: DateTime<Utc>) -> Result<bool, StoreError> {
                let found: Option<i64> = ::sqlx::query_scalar(
                    "SELECT id FROM jobs WHERE id = $1 AND lease = $2 AND state = 'running' AND lease_until > $3",
                )
                .bind(lease.id)
                .bind(lease.lease)
                .bind($crate::model::micros(now))
                .fetch_optional(self.reader())
                .await
                .map_err(|error| map_error(Entity::Job, error))?;
                Ok(found.is_some())
            }

            async fn finish_jobs(&self, finishes: &[Finish], now: DateTime<Utc>) -> Result<Vec<bool>, StoreError> {
                let now = $crate::model::micros(now);
                let mut tx = begin(self).await?;
                let mut accepted = Vec::with_capacity(finishes.len());
                // A finish is accepted while no later claim has taken the job: the lease number
                // is still the one claimed. A job taken back to `queued` after its lease expired
                // but not claimed again may still be finished by the worker that sent it.
                const HELD: &str = "id = $1 AND lease = $2 AND state IN ('running', 'queued')";
                for finish in finishes {
                    // Every statement binds $1 id, $2 lease, $3 now, $4 an instant, $5 an error.
                    let (set, at, error) = match &finish.outcome {
                        Outcome::Sent => ("state = 'done', finished_at = $3, last_error = $5", None, None),
                        Outcome::Retry { at, error } => (
                            "state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                             finished_at = CASE WHEN attempts >= max_attempts THEN $3 ELSE NULL END, \
                             last_error = $5",
                            Some(*at),
                            Some(error.as_str()),
                        ),
                        Outcome::Dead { error } => {
                            ("state = 'dead', finished_at = $3, last_error = $5", None, Some(error.as_str()))
                        }
                        Outcome::Postpone { at } => (
                            "state = 'queued', attempts = attempts - 1, last_error = COALESCE($5, last_error)",
                            Some(*at),
                            None,
                        ),
                    };
                    let sql = format!(
                        "UPDATE jobs SET {set}, run_at = COALESCE($4, run_at), updated_at = $3, lease_owner = NULL, \
                         lease_until = NULL WHERE {HELD}"
                    );
                    let done = ::sqlx::query(&sql)
                        .bind(finish.lease.id)
                        .bind(finish.lease.lease)
                        .bind(now)
                        .bind(at.map($crate::model::micros))
                        .bind(error)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Job, error))?;
                    accepted.push(done.rows_affected() == 1);
                }
                commit(tx).await?;
                Ok(accepted)
            }

            async fn get_job(&self, id: JobId) -> Result<Job, StoreError> {
                fetch(self.reader(), JOB_COLUMNS, "jobs", Entity::Job, id.0, "").await
            }

            async fn list_jobs(&self, filter: &JobFilter, page: PageRequest) -> Result<Page<Job>, StoreError> {
                page.validate()?;
                let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {JOB_COLUMNS} FROM jobs WHERE TRUE"));
                if let Some(state) = filter.state {
                    query.push(" AND state = ").push_bind(state.as_str());
                }
                if let Some(case) = filter.case_id {
                    query.push(" AND case_id = ").push_bind(case);
                }
                push_page(&mut query, "updated_at", "id", page);
                let rows = query
                    .build_query_as::<Job>()
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Job, error))?;
                Ok(Page::from_rows(rows, page.limit, updated_key(|job: &Job| (job.updated_at, job.id.0))))
            }

            async fn count_jobs(&self) -> Result<JobCounts, StoreError> {
                let rows: Vec<(String, i64)> = ::sqlx::query_as("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Job, error))?;
                let mut counts = JobCounts::default();
                for (state, count) in rows {
                    let count = u64::try_from(count).unwrap_or_default();
                    match state.parse::<JobState>() {
                        Ok(JobState::Queued) => counts.queued = count,
                        Ok(JobState::Running) => counts.running = count,
                        Ok(JobState::Done) => counts.done = count,
                        Ok(JobState::Dead) => counts.dead = count,
                        Ok(JobState::Cancelled) => counts.cancelled = count,
                        Err(error) => return Err(StoreError::backend(error)),
                    }
                }
                Ok(counts)
            }

            async fn retry_job(&self, change: &Change, id: JobId) -> Result<Job, StoreError> {
                let mut tx = begin(self).await?;
                let before: Job = fetch(&mut *tx, JOB_COLUMNS, "jobs", Entity::Job, id.0, $lock).await?;
                if !matches!(before.state, JobState::Dead | JobState::Cancelled) {
                    return Err(StoreError::invalid(
                        "state",
                        format!("job {id} is {}: only dead or cancelled jobs can be retried", before.state),
                    ));
                }
                let after = Job {
                    state: JobState::Queued,
                    attempts: 0,
                    run_at: change.at(),
                    finished_at: None,
                    updated_at: change.at(),
                    ..before.clone()
                };
                ::sqlx::query(
                    "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, finished_at = NULL, updated_at = $1 \
                     WHERE id = $2",
                )
                .bind(change.at())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Job, error))?;
                audit_changed(&mut tx, change, "retry", Entity::Job, id.0, &before, &after).await?;
                commit(tx).await?;
                Ok(after)
            }
        }
    };
}
