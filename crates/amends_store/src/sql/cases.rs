//! Cases, messages, remedies, follow-ups and survey responses.

/// Implements [`CaseStore`](crate::CaseStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_case_store {
    ($store:ty, $db:ty, $lock:literal) => {
        /// Records a message of an existing case, with its audit entry.
        async fn insert_message(tx: &mut Tx, change: &Change, message: &NewMessage) -> Result<Message, StoreError> {
            let created: Message = ::sqlx::query_as(&format!(
                "INSERT INTO messages (case_id, direction, body, sentiment, sent_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING {MESSAGE_COLUMNS}"
            ))
            .bind(message.case_id)
            .bind(message.direction.as_str())
            .bind(&message.body)
            .bind(message.sentiment)
            .bind(message.sent_at)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Message, error))?;
            audit_created(tx, change, Entity::Message, created.id.0, &created).await?;
            Ok(created)
        }

        /// Schedules a follow-up inside `tx`, sent by `job` when given.
        async fn insert_follow_up(
            tx: &mut Tx,
            change: &Change,
            follow_up: NewFollowUp,
            job: Option<JobId>,
        ) -> Result<FollowUp, StoreError> {
            let follow_up = follow_up.normalized()?;
            require(tx, "cases", "case_id", Entity::Case, follow_up.case_id.0).await?;
            if let Some(owner) = follow_up.owner_id {
                require(tx, "users", "owner_id", Entity::User, owner.0).await?;
            }
            let created: FollowUp = ::sqlx::query_as(&format!(
                "INSERT INTO follow_ups (case_id, owner_id, channel, due_at, note, job_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {FOLLOW_UP_COLUMNS}"
            ))
            .bind(follow_up.case_id)
            .bind(follow_up.owner_id)
            .bind(follow_up.channel.as_str())
            .bind(follow_up.due_at)
            .bind(&follow_up.note)
            .bind(job)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::FollowUp, error))?;
            audit_created(tx, change, Entity::FollowUp, created.id.0, &created).await?;
            Ok(created)
        }

        /// Calls off a case's open follow-ups and their queued jobs inside `tx`.
        async fn cancel_follow_ups(tx: &mut Tx, change: &Change, case: CaseId) -> Result<(), StoreError> {
            let open: Vec<FollowUp> = ::sqlx::query_as(&format!(
                "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups \
                 WHERE case_id = $1 AND done_at IS NULL AND cancelled_at IS NULL{}",
                $lock
            ))
            .bind(case)
            .fetch_all(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::FollowUp, error))?;
            for before in open {
                let after = FollowUp { cancelled_at: Some(change.at()), updated_at: change.at(), ..before.clone() };
                ::sqlx::query("UPDATE follow_ups SET cancelled_at = $1, updated_at = $1 WHERE id = $2")
                    .bind(change.at())
                    .bind(before.id)
                    .execute(&mut **tx)
                    .await
                    .map_err(|error| map_error(Entity::FollowUp, error))?;
                audit_changed(tx, change, "cancel", Entity::FollowUp, before.id.0, &before, &after).await?;
            }
            cancel_case_jobs(tx, case, purpose::FOLLOW_UP, change.at()).await?;
            Ok(())
        }

        /// Writes a case's new state inside `tx`, with its audit entry; leaving `resolved`
        /// cancels the follow-ups the resolution scheduled.
        async fn write_case(
            tx: &mut Tx,
            change: &Change,
            action: &str,
            before: &Case,
            after: &Case,
        ) -> Result<(), StoreError> {
            ::sqlx::query(
                "UPDATE cases SET priority = $1, status = $2, owner_id = $3, incident_id = $4, subject = $5, \
                 first_response_due = $6, resolution_due = $7, resolved_at = $8, updated_at = $9 WHERE id = $10",
            )
            .bind(after.priority.as_str())
            .bind(after.status.as_str())
            .bind(after.owner_id)
            .bind(after.incident_id)
            .bind(&after.subject)
            .bind(after.first_response_due)
            .bind(after.resolution_due)
            .bind(after.resolved_at)
            .bind(after.updated_at)
            .bind(after.id)
            .execute(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Case, error))?;
            audit_changed(tx, change, action, Entity::Case, after.id.0, before, after).await?;
            if before.status == CaseStatus::Resolved && after.status != CaseStatus::Resolved {
                cancel_follow_ups(tx, change, after.id).await?;
            }
            Ok(())
        }

        /// Records a survey answer inside `tx`, answered at the change's instant.
        async fn insert_survey_response(
            tx: &mut Tx,
            change: &Change,
            response: NewSurveyResponse,
        ) -> Result<SurveyResponse, StoreError> {
            let response = response.normalized()?;
            require(tx, "cases", "case_id", Entity::Case, response.case_id.0).await?;
            let created: SurveyResponse = ::sqlx::query_as(&format!(
                "INSERT INTO survey_responses (case_id, kind, score, comment, responded_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING {SURVEY_RESPONSE_COLUMNS}"
            ))
            .bind(response.case_id)
            .bind(response.kind.as_str())
            .bind(response.score)
            .bind(&response.comment)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::SurveyResponse, error))?;
            audit_created(tx, change, Entity::SurveyResponse, created.id.0, &created).await?;
            Ok(created)
        }

        /// Moves a remedy to `status` inside `tx`, audited as `action`.
        async fn write_remedy_status(
            tx: &mut Tx,
            change: &Change,
            action: &str,
            before: &Remedy,
            status: RemedyStatus,
        ) -> Result<Remedy, StoreError> {
            let after = Remedy { status, updated_at: change.at(), ..before.clone() };
            ::sqlx::query("UPDATE remedies SET status = $1, updated_at = $2 WHERE id = $3")
                .bind(status.as_str())
                .bind(change.at())
                .bind(before.id)
                .execute(&mut **tx)
                .await
                .map_err(|error| map_error(Entity::Remedy, error))?;
            audit_changed(tx, change, action, Entity::Remedy, before.id.0, before, &after).await?;
            Ok(after)
        }

        /// A case's records from `table`, in `order`; `NotFound` if the case does not exist.
        async fn case_records<T>(
            store: &$store,
            columns: &str,
            table: &str,
            entity: Entity,
            case_id: CaseId,
            order: &str,
        ) -> Result<Vec<T>, StoreError>
        where
            T: for<'r> ::sqlx::FromRow<'r, <$db as ::sqlx::Database>::Row> + Send + Unpin,
        {
            must_exist(store.reader(), "cases", Entity::Case, case_id.0).await?;
            ::sqlx::query_as(&format!("SELECT {columns} FROM {table} WHERE case_id = $1 ORDER BY {order}"))
                .bind(case_id)
                .fetch_all(store.reader())
                .await
                .map_err(|error| map_error(entity, error))
        }

        #[::async_trait::async_trait]
        impl $crate::CaseStore for $store {
            async fn open_case(&self, change: &Change, case: NewCase) -> Result<OpenedCase, StoreError> {
                let case = case.normalized()?;
                self.intake(change, case).await
            }

            async fn get_case(&self, id: CaseId) -> Result<Case, StoreError> {
                fetch(self.reader(), CASE_COLUMNS, "cases", Entity::Case, id.0, "").await
            }

            async fn update_case(&self, change: &Change, id: CaseId, patch: CasePatch) -> Result<Case, StoreError> {
                let mut tx = begin(self).await?;
                let before: Case = fetch(&mut *tx, CASE_COLUMNS, "cases", Entity::Case, id.0, $lock).await?;
                let after = before.patched(&patch, change.at())?;
                if let Some(Some(owner)) = patch.owner_id {
                    require(&mut tx, "users", "owner_id", Entity::User, owner.0).await?;
                }
                if let Some(Some(incident)) = patch.incident_id {
                    require(&mut tx, "incidents", "incident_id", Entity::Incident, incident.0).await?;
                }
                write_case(&mut tx, change, "update", &before, &after).await?;
                commit(tx).await?;
                Ok(after)
            }

            async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>, StoreError> {
                page.validate()?;
                let mut query =
                    ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {CASE_COLUMNS} FROM cases WHERE TRUE"));
                if let Some(status) = filter.status {
                    query.push(" AND status = ").push_bind(status.as_str());
                }
                if let Some(priority) = filter.priority {
                    query.push(" AND priority = ").push_bind(priority.as_str());
                }
                if let Some(owner) = filter.owner_id {
                    query.push(" AND owner_id = ").push_bind(owner);
                }
                if let Some(incident) = filter.incident_id {
                    query.push(" AND incident_id = ").push_bind(incident);
                }
                if let Some(customer) = filter.customer_id {
                    query.push(" AND customer_id = ").push_bind(customer);
                }
                if let Some(since) = filter.updated_since {
                    query.push(" AND updated_at >= ").push_bind(since);
                }
                push_page(&mut query, "updated_at", "id", page);
                let rows = query
                    .build_query_as::<Case>()
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Case, error))?;
                Ok(Page::from_rows(rows, page.limit, updated_key(|case: &Case| (case.updated_at, case.id.0))))
            }

            async fn add_message(&self, change: &Change, message: NewMessage) -> Result<Message, StoreError> {
                let message = message.normalized()?;
                let mut tx = begin(self).await?;
                require(&mut tx, "cases", "case_id", Entity::Case, message.case_id.0).await?;
                let created = insert_message(&mut tx, change, &message).await?;
                let responded_at = match message.direction {
                    Direction::Outbound => Some(message.sent_at),
                    Direction::Inbound => None,
                };
                ::sqlx::query(
                    "UPDATE cases SET updated_at = $1, first_responded_at = COALESCE(first_responded_at, $2) \
                     WHERE id = $3",
                )
                .bind(change.at())
                .bind(responded_at)
                .bind(message.case_id)
                .execute(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Case, error))?;
                commit(tx).await?;
                Ok(created)
            }

            async fn reply(
                &self,
                change: &Change,
                message: NewMessage,
                deliveries: Vec<NewJob>,
            ) -> Result<(Message, Vec<Enqueued>), StoreError> {
                let message = message.normalized()?;
                if message.direction != Direction::Outbound {
                    return Err(StoreError::invalid("direction", "a reply is an outbound message"));
                }
                let mut tx = begin(self).await?;
                require(&mut tx, "cases", "case_id", Entity::Case, message.case_id.0).await?;
                let created = insert_message(&mut tx, change, &message).await?;
                ::sqlx::query(
                    "UPDATE cases SET updated_at = $1, first_responded_at = COALESCE(first_responded_at, $2) \
                     WHERE id = $3",
                )
                .bind(change.at())
                .bind(message.sent_at)
                .bind(message.case_id)
                .execute(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Case, error))?;
                let enqueued = insert_jobs(&mut tx, change, deliveries).await?;
                commit(tx).await?;
                Ok((created, enqueued))
            }

            async fn resolve_case(
                &self,
                change: &Change,
                id: CaseId,
                follow_up: Option<(NewFollowUp, Option<NewJob>)>,
            ) -> Result<Resolution, StoreError> {
                let mut tx = begin(self).await?;
                let before: Case = fetch(&mut *tx, CASE_COLUMNS, "cases", Entity::Case, id.0, $lock).await?;
                let resolved = CasePatch { status: Some(CaseStatus::Resolved), ..CasePatch::default() };
                let after = before.patched(&resolved, change.at())?;
                write_case(&mut tx, change, "resolve", &before, &after).await?;
                // Resolving again moves the follow-up: the earlier one is called off.
                cancel_follow_ups(&mut tx, change, id).await?;
                let (follow_up, job) = match follow_up {
                    Some((mut follow_up, job)) => {
                        follow_up.case_id = id;
                        let job = match job {
                            Some(job) => insert_jobs(&mut tx, change, vec![job]).await?.pop(),
                            None => None,
                        };
                        let job_id = job.as_ref().map(|job| job.job().id);
                        (Some(insert_follow_up(&mut tx, change, follow_up, job_id).await?), job)
                    }
                    None => (None, None),
                };
                commit(tx).await?;
                Ok(Resolution { case: after, follow_up, job })
            }

            async fn list_messages(&self, case_id: CaseId) -> Result<Vec<Message>, StoreError> {
                case_records(self, MESSAGE_COLUMNS, "messages", Entity::Message, case_id, "sent_at, id").await
            }

            async fn create_remedy(&self, change: &Change, remedy: NewRemedy) -> Result<Remedy, StoreError> {
                let remedy = remedy.normalized()?;
                let mut tx = begin(self).await?;
                require(&mut tx, "cases", "case_id", Entity::Case, remedy.case_id.0).await?;
                let created: Remedy = ::sqlx::query_as(&format!(
                    "INSERT INTO remedies (case_id, kind, amount_minor, currency, description, status, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {REMEDY_COLUMNS}"
                ))
                .bind(remedy.case_id)
                .bind(remedy.kind.as_str())
                .bind(remedy.amount_minor)
                .bind(&remedy.currency)
                .bind(&remedy.description)
                .bind(RemedyStatus::Offered.as_str())
                .bind(change.at())
                .fetch_one(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Remedy, error))?;
                audit_created(&mut tx, change, Entity::Remedy, created.id.0, &created)
                    .await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn set_remedy_status(
                &self,
                change: &Change,
                id: RemedyId,
                status: RemedyStatus,
            ) -> Result<Remedy, StoreError> {
                let mut tx = begin(self).await?;
                let before: Remedy = fetch(&mut *tx, REMEDY_COLUMNS, "remedies", Entity::Remedy, id.0, $lock).await?;
                let after = write_remedy_status(&mut tx, change, "update", &before, status).await?;
                commit(tx).await?;
                Ok(after)
            }

            async fn list_remedies(&self, case_id: CaseId) -> Result<Vec<Remedy>, StoreError> {
                case_records(self, REMEDY_COLUMNS, "remedies", Entity::Remedy, case_id, "created_at, id").await
            }

            async fn create_follow_up(&self, change: &Change, follow_up: NewFollowUp) -> Result<FollowUp, StoreError> {
                let mut tx = begin(self).await?;
                let created = insert_follow_up(&mut tx, change, follow_up, None).await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn complete_follow_up(&self, change: &Change, id: FollowUpId) -> Result<FollowUp, StoreError> {
                let mut tx = begin(self).await?;
                let before: FollowUp =
                    fetch(&mut *tx, FOLLOW_UP_COLUMNS, "follow_ups", Entity::FollowUp, id.0, $lock).await?;
                if before.done_at.is_some() {
                    return Ok(before);
                }
                let after = FollowUp { done_at: Some(change.at()), updated_at: change.at(), ..before.clone() };
                ::sqlx::query("UPDATE follow_ups SET done_at = $1, updated_at = $1 WHERE id = $2")
                    .bind(change.at())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::FollowUp, error))?;
                audit_changed(&mut tx, change, "complete", Entity::FollowUp, id.0, &before, &after)
                .await?;
                commit(tx).await?;
                Ok(after)
            }

            async fn list_follow_ups(&self, case_id: CaseId) -> Result<Vec<FollowUp>, StoreError> {
                case_records(self, FOLLOW_UP_COLUMNS, "follow_ups", Entity::FollowUp, case_id, "due_at, id").await
            }

            async fn due_follow_ups(&self, due_by: DateTime<Utc>, limit: u32) -> Result<Vec<FollowUp>, StoreError> {
                PageRequest::first(limit).validate()?;
                ::sqlx::query_as(&format!(
                    "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups \
                     WHERE done_at IS NULL AND cancelled_at IS NULL AND due_at <= $1 \
                     ORDER BY due_at, id LIMIT $2"
                ))
                .bind(due_by)
                .bind(i64::from(limit))
                .fetch_all(self.reader())
                .await
                .map_err(|error| map_error(Entity::FollowUp, error))
            }

            async fn record_survey_response(
                &self,
                change: &Change,
                response: NewSurveyResponse,
            ) -> Result<SurveyResponse, StoreError> {
                let mut tx = begin(self).await?;
                let created = insert_survey_response(&mut tx, change, response).await?;
                commit(tx).await?;
                Ok(created)
            }

            async fn answer_link(&self, change: &Change, answer: LinkAnswer) -> Result<(), StoreError> {
                let case_id = match &answer.kind {
                    LinkAnswerKind::Survey(response) => response.case_id,
                    LinkAnswerKind::RemedyChoice { case_id, .. } => *case_id,
                };
                let mut tx = begin(self).await?;
                require(&mut tx, "cases", "case_id", Entity::Case, case_id.0).await?;
                if let Some(nonce) = &answer.nonce {
                    let used = ::sqlx::query(
                        "INSERT INTO used_links (nonce, case_id, used_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (nonce) DO NOTHING",
                    )
                    .bind(nonce)
                    .bind(case_id)
                    .bind(change.at())
                    .execute(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Link, error))?;
                    if used.rows_affected() == 0 {
                        return Err(StoreError::Conflict {
                            entity: Entity::Link,
                            detail: "this link has already been answered".to_owned(),
                        });
                    }
                }
                match answer.kind {
                    LinkAnswerKind::Survey(response) => {
                        insert_survey_response(&mut tx, change, response).await?;
                    }
                    LinkAnswerKind::RemedyChoice { case_id, remedy_id } => {
                        let before: Remedy =
                            fetch(&mut *tx, REMEDY_COLUMNS, "remedies", Entity::Remedy, remedy_id.0, $lock).await?;
                        if before.case_id != case_id {
                            let reason = format!("remedy {remedy_id} is not offered on case {case_id}");
                            return Err(StoreError::invalid("remedy_id", reason));
                        }
                        write_remedy_status(&mut tx, change, "choose", &before, RemedyStatus::Accepted).await?;
                    }
                }
                commit(tx).await
            }

            async fn cases_near_deadline(&self, horizon: DateTime<Utc>, limit: u32) -> Result<Vec<Case>, StoreError> {
                PageRequest::first(limit).validate()?;
                ::sqlx::query_as(&format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE status NOT IN ('resolved', 'closed') AND ( \
                     (first_responded_at IS NULL AND first_response_due <= $1 AND NOT EXISTS (SELECT 1 FROM \
                     escalations WHERE escalations.case_id = cases.id AND kind = 'first_response_breached')) \
                     OR (resolved_at IS NULL AND resolution_due <= $1 AND NOT EXISTS (SELECT 1 FROM escalations \
                     WHERE escalations.case_id = cases.id AND kind = 'resolution_breached'))) ORDER BY id LIMIT $2"
                ))
                .bind($crate::model::micros(horizon))
                .bind(i64::from(limit))
                .fetch_all(self.reader())
                .await
                .map_err(|error| map_error(Entity::Case, error))
            }

            async fn escalate(
                &self,
                change: &Change,
                escalations: Vec<NewEscalation>,
            ) -> Result<Vec<Escalation>, StoreError> {
                let mut tx = begin(self).await?;
                let mut recorded = Vec::new();
                for escalation in escalations {
                    let created: Option<Escalation> = ::sqlx::query_as(&format!(
                        "INSERT INTO escalations (case_id, kind, due_at, recorded_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (case_id, kind) DO NOTHING RETURNING {ESCALATION_COLUMNS}"
                    ))
                    .bind(escalation.case_id)
                    .bind(escalation.kind.as_str())
                    .bind($crate::model::micros(escalation.due_at))
                    .bind(change.at())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|error| map_error(Entity::Escalation, error))?;
                    if let Some(created) = created {
                        audit_created(&mut tx, change, Entity::Escalation, created.id, &created).await?;
                        insert_jobs(&mut tx, change, escalation.notify).await?;
                        recorded.push(created);
                    }
                }
                commit(tx).await?;
                Ok(recorded)
            }

            async fn list_escalations(&self, case_id: CaseId) -> Result<Vec<Escalation>, StoreError> {
                let order = "recorded_at, id";
                case_records(self, ESCALATION_COLUMNS, "escalations", Entity::Escalation, case_id, order).await
            }

            async fn list_survey_responses(&self, case_id: CaseId) -> Result<Vec<SurveyResponse>, StoreError> {
                let (columns, entity) = (SURVEY_RESPONSE_COLUMNS, Entity::SurveyResponse);
                case_records(self, columns, "survey_responses", entity, case_id, "responded_at, id").await
            }
        }
    };
}
