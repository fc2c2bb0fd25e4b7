//! Incidents and their affected customers.

/// Implements [`IncidentStore`](crate::IncidentStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_incident_store {
    ($store:ty, $db:ty, $lock:literal) => {
        /// Customers checked and added per statement: 3 parameters each stays far below
        /// SQLite's and PostgreSQL's limits on bound parameters.
        const AFFECTED_CHUNK: usize = 500;

        async fn insert_incident(
            tx: &mut Tx,
            change: &Change,
            fields: &IncidentFields,
        ) -> Result<Incident, StoreError> {
            let incident: Incident = ::sqlx::query_as(&format!(
                "INSERT INTO incidents (title, root_cause, severity, status, started_at, resolved_at, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {INCIDENT_COLUMNS}"
            ))
            .bind(&fields.title)
            .bind(&fields.root_cause)
            .bind(fields.severity.as_str())
            .bind(fields.status.as_str())
            .bind(fields.started_at)
            .bind(fields.resolved_at)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Incident, error))?;
            audit_created(tx, change, Entity::Incident, incident.id.0, &incident)
                .await?;
            Ok(incident)
        }

        #[::async_trait::async_trait]
        impl $crate::IncidentStore for $store {
            async fn create_incident(&self, change: &Change, fields: IncidentFields) -> Result<Incident, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let incident = insert_incident(&mut tx, change, &fields).await?;
                commit(tx).await?;
                Ok(incident)
            }

            async fn get_incident(&self, id: IncidentId) -> Result<Incident, StoreError> {
                fetch(self.reader(), INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, "").await
            }

            async fn update_incident(
                &self,
                change: &Change,
                id: IncidentId,
                fields: IncidentFields,
            ) -> Result<Incident, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let before: Incident =
                    fetch(&mut *tx, INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, $lock).await?;
                let incident: Incident = ::sqlx::query_as(&format!(
                    "UPDATE incidents SET title = $1, root_cause = $2, severity = $3, status = $4, started_at = $5, \
                     resolved_at = $6, updated_at = $7 WHERE id = $8 RETURNING {INCIDENT_COLUMNS}"
                ))
                .bind(&fields.title)
                .bind(&fields.root_cause)
                .bind(fields.severity.as_str())
                .bind(fields.status.as_str())
                .bind(fields.started_at)
                .bind(fields.resolved_at)
                .bind(change.at())
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Incident, error))?;
                audit_changed(&mut tx, change, "update", Entity::Incident, id.0, &before, &incident)
                .await?;
                commit(tx).await?;
                Ok(incident)
            }

            async fn list_incidents(&self, page: PageRequest) -> Result<Page<Incident>, StoreError> {
                let key = updated_key(|incident: &Incident| (incident.updated_at, incident.id.0));
                page_of(self.reader(), INCIDENT_COLUMNS, "incidents", Entity::Incident, page, key)
                    .await
            }

            async fn add_affected_customers(
                &self,
                change: &Change,
                id: IncidentId,
                customers: &[CustomerId],
            ) -> Result<u64, StoreError> {
                let mut tx = begin(self).await?;
                let _: Incident = fetch(&mut *tx, INCIDENT_COLUMNS, "incidents", Entity::Incident, id.0, $lock).await?;
                let mut seen = ::std::collections::HashSet::new();
                let unique: Vec<CustomerId> =
                    customers.iter().copied().filter(|customer| seen.insert(*customer)).collect();
                let mut added: Vec<CustomerId> = Vec::new();
                for chunk in unique.chunks(AFFECTED_CHUNK) {
                    let mut query = ::sqlx::QueryBuilder::<$db>::new("SELECT id FROM customers WHERE id IN (");
                    let mut ids = query.separated(", ");
                    for customer in chunk {
                        ids.push_bind(*customer);
                    }
                    query.push(")");
                    let found: ::std::collections::HashSet<CustomerId> = query
                        .build_query_scalar::<CustomerId>()
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Customer, error))?
                        .into_iter()
                        .collect();
                    if let Some(missing) = chunk.iter().find(|customer| !found.contains(customer)) {
                        return Err(StoreError::invalid("customer_ids", format!("no customer with id {missing}")));
                    }
                    let mut insert = ::sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO incident_customers (incident_id, customer_id, added_at) ",
                    );
                    insert.push_values(chunk, |mut row, customer| {
                        row.push_bind(id).push_bind(*customer).push_bind(change.at());
                    });
                    insert.push(" ON CONFLICT (incident_id, customer_id) DO NOTHING RETURNING customer_id");
                    let inserted = insert
                        .build_query_scalar::<CustomerId>()
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Incident, error))?;
                    added.extend(inserted);
                }
                added.sort();
                if !added.is_empty() {
                    let after = ::serde_json::json!({ "added_customer_ids": added });
                    audit(&mut tx, change, "add_affected", Entity::Incident, id.0, None, Some(after)).await?;
                }
                commit(tx).await?;
                Ok(added.len() as u64)
            }

            async fn list_affected_customers(
                &self,
                id: IncidentId,
                page: PageRequest,
            ) -> Result<Page<Customer>, StoreError> {
                use ::sqlx::Row as _;
                page.validate()?;
                must_exist(self.reader(), "incidents", Entity::Incident, id.0).await?;
                let columns = CUSTOMER_COLUMNS.split(", ").map(|column| format!("c.{column}")).collect::<Vec<_>>();
                let mut query = ::sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {}, a.added_at AS added_at FROM incident_customers a \
                     JOIN customers c ON c.id = a.customer_id WHERE a.incident_id = ",
                    columns.join(", ")
                ));
                query.push_bind(id);
                push_page(&mut query, "a.added_at", "a.customer_id", page);
                let rows = query
                    .build()
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Customer, error))?;
                let mut keyed = Vec::with_capacity(rows.len());
                for row in &rows {
                    let decode = |error| map_error(Entity::Customer, error);
                    let customer: Customer = ::sqlx::FromRow::from_row(row).map_err(decode)?;
                    let added_at: DateTime<Utc> = row.try_get("added_at").map_err(decode)?;
                    keyed.push((added_at, customer));
                }
                let page = Page::from_rows(keyed, page.limit, |(added_at, customer): &(DateTime<Utc>, Customer)| {
                    Cursor { at: *added_at, id: customer.id.0 }
                });
                Ok(Page { items: page.items.into_iter().map(|(_, customer)| customer).collect(), next: page.next })
            }
        }
    };
}
