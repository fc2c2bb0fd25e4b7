//! Case intake: cases opened with their first messages, any number in one transaction.
//!
//! Written for a batch so that a backend which commits concurrent intakes together (SQLite:
//! every statement is a round trip to the thread its one writer connection runs on) pays a
//! fixed number of statements per transaction instead of per case: one reference check per
//! table named, one id allocation per table, and one multi-row insert each into `cases`,
//! `messages` and `audit_log`. The ids are allocated before the inserts, so the records and
//! their audit JSON are built here, equal to what reading the rows back would give.

/// Implements the batched intake for a sqlx backend (see [`impl_sql_store!`](crate::impl_sql_store)).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_intake {
    ($store:ty, $db:ty) => {
        /// The ids among `ids` that `table` has, sorted.
        async fn existing(
            tx: &mut Tx,
            table: &str,
            entity: Entity,
            ids: impl Iterator<Item = Option<i64>>,
        ) -> Result<Vec<i64>, StoreError> {
            let mut ids: Vec<i64> = ids.flatten().collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                return Ok(ids);
            }
            let mut query = ::sqlx::QueryBuilder::<$db>::new(format!("SELECT id FROM {table} WHERE id IN ("));
            let mut list = query.separated(", ");
            for id in &ids {
                list.push_bind(*id);
            }
            query.push(") ORDER BY id");
            query.build_query_scalar::<i64>().fetch_all(&mut **tx).await.map_err(|error| map_error(entity, error))
        }

        /// `count` new ids of `table`, in ascending order.
        async fn new_ids(tx: &mut Tx, table: &str, entity: Entity, count: usize) -> Result<Vec<i64>, StoreError> {
            if count == 0 {
                return Ok(Vec::new());
            }
            <$store>::next_ids(tx, table, count).await.map_err(|error| map_error(entity, error))
        }

        impl $store {
            /// Opens the normalized cases of `batch` inside `tx`: one result per intake, in order.
            /// An intake naming a missing customer, owner or incident gets the `Invalid` error a
            /// single intake gets, and the others go ahead. `Err` means a statement failed and
            /// `tx` must be rolled back.
            async fn open_cases(
                tx: &mut Tx,
                batch: &[(&Change, &NewCase)],
            ) -> Result<Vec<Result<OpenedCase, StoreError>>, StoreError> {
                let cases = || batch.iter().map(|(_, case)| *case);
                let customers =
                    existing(tx, "customers", Entity::Customer, cases().map(|case| Some(case.customer_id.0))).await?;
                let users = existing(tx, "users", Entity::User, cases().map(|case| case.owner_id.map(|id| id.0))).await?;
                let incidents =
                    existing(tx, "incidents", Entity::Incident, cases().map(|case| case.incident_id.map(|id| id.0)))
                        .await?;
                let missing = |case: &NewCase| {
                    let absent = |found: &[i64], id: i64| found.binary_search(&id).is_err();
                    if absent(&customers, case.customer_id.0) {
                        return Some(("customer_id", Entity::Customer, case.customer_id.0));
                    }
                    if let Some(owner) = case.owner_id.filter(|owner| absent(&users, owner.0)) {
                        return Some(("owner_id", Entity::User, owner.0));
                    }
                    case.incident_id
                        .filter(|incident| absent(&incidents, incident.0))
                        .map(|incident| ("incident_id", Entity::Incident, incident.0))
                };
                let checks: Vec<_> = cases().map(missing).collect();
                let valid = || batch.iter().zip(&checks).filter(|(_, missing)| missing.is_none()).map(|(intake, _)| intake);
                let mut case_ids = new_ids(tx, "cases", Entity::Case, valid().count()).await?.into_iter();
                let with_message = valid().filter(|(_, case)| case.first_message.is_some()).count();
                let mut message_ids = new_ids(tx, "messages", Entity::Message, with_message).await?.into_iter();

                let mut opened = Vec::new();
                for (change, case) in valid() {
                    let id = CaseId(case_ids.next().ok_or_else(|| StoreError::backend("too few case ids"))?);
                    let record = Case {
                        id,
                        customer_id: case.customer_id,
                        channel: case.channel,
                        priority: case.priority,
                        status: CaseStatus::New,
                        owner_id: case.owner_id,
                        incident_id: case.incident_id,
                        subject: case.subject.clone(),
                        first_response_due: case.first_response_due,
                        resolution_due: case.resolution_due,
                        first_responded_at: None,
                        resolved_at: None,
                        created_at: change.at(),
                        updated_at: change.at(),
                    };
                    let first_message = match &case.first_message {
                        Some(first) => Some(Message {
                            id: MessageId(message_ids.next().ok_or_else(|| StoreError::backend("too few message ids"))?),
                            case_id: id,
                            direction: Direction::Inbound,
                            body: first.body.clone(),
                            sentiment: first.sentiment,
                            sent_at: first.sent_at,
                            created_at: change.at(),
                        }),
                        None => None,
                    };
                    opened.push((*change, OpenedCase { case: record, first_message }));
                }

                if !opened.is_empty() {
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO cases (id, customer_id, channel, priority, status, owner_id, incident_id, subject, \
                         first_response_due, resolution_due, created_at, updated_at) ",
                    );
                    query.push_values(&opened, |mut row, (_, opened)| {
                        let case = &opened.case;
                        row.push_bind(case.id)
                            .push_bind(case.customer_id)
                            .push_bind(case.channel.as_str())
                            .push_bind(case.priority.as_str())
                            .push_bind(case.status.as_str())
                            .push_bind(case.owner_id)
                            .push_bind(case.incident_id)
                            .push_bind(&case.subject)
                            .push_bind(case.first_response_due)
                            .push_bind(case.resolution_due)
                            .push_bind(case.created_at)
                            .push_bind(case.updated_at);
                    });
                    query.build().execute(&mut **tx).await.map_err(|error| map_error(Entity::Case, error))?;
                }
                let messages: Vec<&Message> = opened.iter().filter_map(|(_, opened)| opened.first_message.as_ref()).collect();
                if !messages.is_empty() {
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO messages (id, case_id, direction, body, sentiment, sent_at, created_at) ",
                    );
                    query.push_values(&messages, |mut row, message| {
                        row.push_bind(message.id)
                            .push_bind(message.case_id)
                            .push_bind(message.direction.as_str())
                            .push_bind(&message.body)
                            .push_bind(message.sentiment)
                            .push_bind(message.sent_at)
                            .push_bind(message.created_at);
                    });
                    query.build().execute(&mut **tx).await.map_err(|error| map_error(Entity::Message, error))?;
                }
                // Each case's entry, then its message's: the order separate inserts would give.
                let mut entries = Vec::new();
                for (change, opened) in &opened {
                    entries.push((*change, Entity::Case, opened.case.id.0, audit_json(&opened.case)?));
                    if let Some(message) = &opened.first_message {
                        entries.push((*change, Entity::Message, message.id.0, audit_json(message)?));
                    }
                }
                if !entries.is_empty() {
                    let mut query = ::sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO audit_log (actor, action, entity, entity_id, before, after, at) ",
                    );
                    query.push_values(&entries, |mut row, (change, entity, entity_id, after)| {
                        row.push_bind(change.actor())
                            .push_bind("create")
                            .push_bind(entity.as_str())
                            .push_bind(*entity_id)
                            .push_bind(None::<::serde_json::Value>)
                            .push_bind(Some(after))
                            .push_bind(change.at());
                    });
                    query.build().execute(&mut **tx).await.map_err(|error| map_error(Entity::Case, error))?;
                }

                let mut opened = opened.into_iter().map(|(_, opened)| opened);
                checks
                    .into_iter()
                    .map(|missing| match missing {
                        Some((field, entity, id)) => Ok(Err(StoreError::invalid(field, format!("no {entity} with id {id}")))),
                        None => opened.next().map(Ok).ok_or_else(|| StoreError::backend("an intake went missing")),
                    })
                    .collect()
            }

            /// Opens one normalized case inside `tx`.
            async fn open_case_in(tx: &mut Tx, change: &Change, case: &NewCase) -> Result<OpenedCase, StoreError> {
                <$store>::open_cases(tx, &[(change, case)])
                    .await?
                    .pop()
                    .unwrap_or_else(|| Err(StoreError::backend("an intake went missing")))
            }
        }
    };
}
