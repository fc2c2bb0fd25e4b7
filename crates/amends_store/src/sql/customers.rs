//! Customers and orders.

/// Implements [`CustomerStore`](crate::CustomerStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_customer_store {
    ($store:ty, $db:ty, $lock:literal) => {
        /// What an insert does when the external id is taken: fail with `Conflict`, or insert
        /// nothing and return `None` (an upsert that lost a race to another writer).
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Taken {
            Conflict,
            Skip,
        }

        impl Taken {
            fn clause(self) -> &'static str {
                match self {
                    Taken::Conflict => "",
                    Taken::Skip => " ON CONFLICT (external_id) DO NOTHING",
                }
            }
        }

        async fn insert_customer(
            tx: &mut Tx,
            change: &Change,
            fields: &CustomerFields,
            taken: Taken,
        ) -> Result<Option<Customer>, StoreError> {
            let customer: Option<Customer> = ::sqlx::query_as(&format!(
                "INSERT INTO customers (external_id, name, contacts, time_zone, locale, tier, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7){} RETURNING {CUSTOMER_COLUMNS}",
                taken.clause()
            ))
            .bind(&fields.external_id)
            .bind(&fields.name)
            .bind(::sqlx::types::Json(&fields.contacts))
            .bind(&fields.time_zone)
            .bind(&fields.locale)
            .bind(&fields.tier)
            .bind(change.at())
            .fetch_optional(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Customer, error))?;
            if let Some(customer) = &customer {
                audit_created(tx, change, Entity::Customer, customer.id.0, customer).await?;
            }
            Ok(customer)
        }

        async fn replace_customer(
            tx: &mut Tx,
            change: &Change,
            before: &Customer,
            fields: &CustomerFields,
        ) -> Result<Customer, StoreError> {
            let customer: Customer = ::sqlx::query_as(&format!(
                "UPDATE customers SET external_id = $1, name = $2, contacts = $3, time_zone = $4, locale = $5, \
                 tier = $6, updated_at = $7 WHERE id = $8 RETURNING {CUSTOMER_COLUMNS}"
            ))
            .bind(&fields.external_id)
            .bind(&fields.name)
            .bind(::sqlx::types::Json(&fields.contacts))
            .bind(&fields.time_zone)
            .bind(&fields.locale)
            .bind(&fields.tier)
            .bind(change.at())
            .bind(before.id)
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Customer, error))?;
            audit_changed(tx, change, "update", Entity::Customer, customer.id.0, before, &customer).await?;
            Ok(customer)
        }

        async fn insert_order(
            tx: &mut Tx,
            change: &Change,
            fields: &OrderFields,
            taken: Taken,
        ) -> Result<Option<Order>, StoreError> {
            require(tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
            let order: Option<Order> = ::sqlx::query_as(&format!(
                "INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, summary, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7){} RETURNING {ORDER_COLUMNS}",
                taken.clause()
            ))
            .bind(&fields.external_id)
            .bind(fields.customer_id)
            .bind(fields.placed_at)
            .bind(fields.total_minor)
            .bind(&fields.currency)
            .bind(&fields.summary)
            .bind(change.at())
            .fetch_optional(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Order, error))?;
            if let Some(order) = &order {
                audit_created(tx, change, Entity::Order, order.id.0, order).await?;
            }
            Ok(order)
        }

        /// The customer with `external_id`, locked for the rest of the transaction.
        async fn locked_customer(tx: &mut Tx, external_id: &str) -> Result<Option<Customer>, StoreError> {
            by_external_id(tx, CUSTOMER_COLUMNS, "customers", Entity::Customer, external_id, $lock).await
        }

        /// The order with `external_id`, locked for the rest of the transaction.
        async fn locked_order(tx: &mut Tx, external_id: &str) -> Result<Option<Order>, StoreError> {
            by_external_id(tx, ORDER_COLUMNS, "orders", Entity::Order, external_id, $lock).await
        }

        /// An insert without `ON CONFLICT` returns its row or fails; `None` would be a driver bug.
        fn inserted<T>(row: Option<T>, entity: Entity) -> Result<T, StoreError> {
            row.ok_or_else(|| StoreError::backend(format!("inserting a {entity} returned no row")))
        }

        /// The record another writer created between an upsert's lookup and its insert.
        fn raced<T>(row: Option<T>, entity: Entity) -> Result<T, StoreError> {
            row.ok_or_else(|| StoreError::backend(format!("a {entity} was created concurrently but cannot be read")))
        }

        /// Creates the customer with this external id or brings it up to date, inside `tx`.
        async fn upsert_customer_in(
            tx: &mut Tx,
            change: &Change,
            fields: &CustomerFields,
        ) -> Result<Upserted<Customer>, StoreError> {
            let existing = match locked_customer(tx, &fields.external_id).await? {
                Some(existing) => existing,
                None => match insert_customer(tx, change, fields, Taken::Skip).await? {
                    Some(created) => return Ok(Upserted::Created(created)),
                    // Another writer inserted it after our lookup; its row is committed now.
                    None => raced(locked_customer(tx, &fields.external_id).await?, Entity::Customer)?,
                },
            };
            if existing.has_fields(fields) {
                return Ok(Upserted::Unchanged(existing));
            }
            Ok(Upserted::Updated(replace_customer(tx, change, &existing, fields).await?))
        }

        /// Creates the order with this external id or brings it up to date, inside `tx`.
        async fn upsert_order_in(
            tx: &mut Tx,
            change: &Change,
            fields: &OrderFields,
        ) -> Result<Upserted<Order>, StoreError> {
            let before = match locked_order(tx, &fields.external_id).await? {
                Some(existing) => existing,
                None => match insert_order(tx, change, fields, Taken::Skip).await? {
                    Some(created) => return Ok(Upserted::Created(created)),
                    // Another writer inserted it after our lookup; its row is committed now.
                    None => raced(locked_order(tx, &fields.external_id).await?, Entity::Order)?,
                },
            };
            if before.has_fields(fields) {
                return Ok(Upserted::Unchanged(before));
            }
            require(tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
            let order: Order = ::sqlx::query_as(&format!(
                "UPDATE orders SET customer_id = $1, placed_at = $2, total_minor = $3, currency = $4, \
                 summary = $5, updated_at = $6 WHERE id = $7 RETURNING {ORDER_COLUMNS}"
            ))
            .bind(fields.customer_id)
            .bind(fields.placed_at)
            .bind(fields.total_minor)
            .bind(&fields.currency)
            .bind(&fields.summary)
            .bind(change.at())
            .bind(before.id)
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Order, error))?;
            let (before_json, after_json) = (audit_json(&before)?, audit_json(&order)?);
            audit(tx, change, "update", Entity::Order, order.id.0, Some(before_json), Some(after_json)).await?;
            Ok(Upserted::Updated(order))
        }

        #[::async_trait::async_trait]
        impl $crate::CustomerStore for $store {
            async fn create_customer(&self, change: &Change, fields: CustomerFields) -> Result<Customer, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let customer = insert_customer(&mut tx, change, &fields, Taken::Conflict).await?;
                let customer = inserted(customer, Entity::Customer)?;
                commit(tx).await?;
                Ok(customer)
            }

            async fn upsert_customer(
                &self,
                change: &Change,
                fields: CustomerFields,
            ) -> Result<Upserted<Customer>, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let outcome = upsert_customer_in(&mut tx, change, &fields).await?;
                commit(tx).await?;
                Ok(outcome)
            }

            async fn upsert_customers(
                &self,
                change: &Change,
                batch: Vec<CustomerFields>,
            ) -> Result<Vec<Upserted<Customer>>, StoreError> {
                let batch = batch
                    .into_iter()
                    .enumerate()
                    .map(|(row, fields)| fields.normalized().map_err(|error| error.in_row(row)))
                    .collect::<Result<Vec<_>, _>>()?;
                let mut tx = begin(self).await?;
                let mut outcomes = Vec::with_capacity(batch.len());
                for (row, fields) in batch.iter().enumerate() {
                    let outcome = upsert_customer_in(&mut tx, change, fields).await;
                    outcomes.push(outcome.map_err(|error| error.in_row(row))?);
                }
                commit(tx).await?;
                Ok(outcomes)
            }

            async fn get_customer(&self, id: CustomerId) -> Result<Customer, StoreError> {
                fetch(self.reader(), CUSTOMER_COLUMNS, "customers", Entity::Customer, id.0, "").await
            }

            async fn find_customer_by_external_id(&self, external_id: &str) -> Result<Customer, StoreError> {
                ::sqlx::query_as(&format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE external_id = $1"))
                    .bind(external_id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Customer, error))?
                    .ok_or_else(|| StoreError::not_found(Entity::Customer, external_id))
            }

            async fn update_customer(
                &self,
                change: &Change,
                id: CustomerId,
                fields: CustomerFields,
            ) -> Result<Customer, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let before: Customer =
                    fetch(&mut *tx, CUSTOMER_COLUMNS, "customers", Entity::Customer, id.0, $lock).await?;
                let customer = replace_customer(&mut tx, change, &before, &fields).await?;
                commit(tx).await?;
                Ok(customer)
            }

            async fn list_customers(&self, page: PageRequest) -> Result<Page<Customer>, StoreError> {
                let key = updated_key(|customer: &Customer| (customer.updated_at, customer.id.0));
                page_of(self.reader(), CUSTOMER_COLUMNS, "customers", Entity::Customer, page, key).await
            }

            async fn create_order(&self, change: &Change, fields: OrderFields) -> Result<Order, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let order = insert_order(&mut tx, change, &fields, Taken::Conflict).await?;
                let order = inserted(order, Entity::Order)?;
                commit(tx).await?;
                Ok(order)
            }

            async fn upsert_order(&self, change: &Change, fields: OrderFields) -> Result<Upserted<Order>, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let outcome = upsert_order_in(&mut tx, change, &fields).await?;
                commit(tx).await?;
                Ok(outcome)
            }

            async fn upsert_orders(
                &self,
                change: &Change,
                batch: Vec<OrderFields>,
            ) -> Result<Vec<Upserted<Order>>, StoreError> {
                let batch = batch
                    .into_iter()
                    .enumerate()
                    .map(|(row, fields)| fields.normalized().map_err(|error| error.in_row(row)))
                    .collect::<Result<Vec<_>, _>>()?;
                let mut tx = begin(self).await?;
                let mut outcomes = Vec::with_capacity(batch.len());
                for (row, fields) in batch.iter().enumerate() {
                    let outcome = upsert_order_in(&mut tx, change, fields).await;
                    outcomes.push(outcome.map_err(|error| error.in_row(row))?);
                }
                commit(tx).await?;
                Ok(outcomes)
            }

            async fn get_order(&self, id: OrderId) -> Result<Order, StoreError> {
                fetch(self.reader(), ORDER_COLUMNS, "orders", Entity::Order, id.0, "").await
            }

            async fn list_orders(&self, customer_id: CustomerId, page: PageRequest) -> Result<Page<Order>, StoreError> {
                page.validate()?;
                must_exist(self.reader(), "customers", Entity::Customer, customer_id.0).await?;
                let mut query = ::sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {ORDER_COLUMNS} FROM orders WHERE customer_id = "
                ));
                query.push_bind(customer_id);
                push_page(&mut query, "updated_at", "id", page);
                let rows = query
                    .build_query_as::<Order>()
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| map_error(Entity::Order, error))?;
                Ok(Page::from_rows(rows, page.limit, updated_key(|order: &Order| (order.updated_at, order.id.0))))
            }
        }
    };
}
