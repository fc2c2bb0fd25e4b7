//! Customers and orders.

/// Implements [`CustomerStore`](crate::CustomerStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_customer_store {
    ($store:ty, $db:ty, $lock:literal) => {
        async fn insert_customer(
            tx: &mut Tx,
            change: &Change,
            fields: &CustomerFields,
        ) -> Result<Customer, StoreError> {
            let customer: Customer = ::sqlx::query_as(&format!(
                "INSERT INTO customers (external_id, name, contacts, time_zone, locale, tier, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {CUSTOMER_COLUMNS}"
            ))
            .bind(&fields.external_id)
            .bind(&fields.name)
            .bind(::sqlx::types::Json(&fields.contacts))
            .bind(&fields.time_zone)
            .bind(&fields.locale)
            .bind(&fields.tier)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Customer, error))?;
            audit(tx, change, "create", Entity::Customer, customer.id.0, None, Some(audit_json(&customer)?)).await?;
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
            audit(
                tx,
                change,
                "update",
                Entity::Customer,
                customer.id.0,
                Some(audit_json(before)?),
                Some(audit_json(&customer)?),
            )
            .await?;
            Ok(customer)
        }

        async fn insert_order(tx: &mut Tx, change: &Change, fields: &OrderFields) -> Result<Order, StoreError> {
            require(tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
            let order: Order = ::sqlx::query_as(&format!(
                "INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, summary, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {ORDER_COLUMNS}"
            ))
            .bind(&fields.external_id)
            .bind(fields.customer_id)
            .bind(fields.placed_at)
            .bind(fields.total_minor)
            .bind(&fields.currency)
            .bind(&fields.summary)
            .bind(change.at())
            .fetch_one(&mut **tx)
            .await
            .map_err(|error| map_error(Entity::Order, error))?;
            audit(tx, change, "create", Entity::Order, order.id.0, None, Some(audit_json(&order)?)).await?;
            Ok(order)
        }

        #[::async_trait::async_trait]
        impl $crate::CustomerStore for $store {
            async fn create_customer(&self, change: &Change, fields: CustomerFields) -> Result<Customer, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let customer = insert_customer(&mut tx, change, &fields).await?;
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
                let existing: Option<Customer> = ::sqlx::query_as(&format!(
                    "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE external_id = $1{}",
                    $lock
                ))
                .bind(&fields.external_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|error| map_error(Entity::Customer, error))?;
                let outcome = match existing {
                    None => Upserted::Created(insert_customer(&mut tx, change, &fields).await?),
                    Some(customer) if customer.has_fields(&fields) => Upserted::Unchanged(customer),
                    Some(customer) => Upserted::Updated(replace_customer(&mut tx, change, &customer, &fields).await?),
                };
                commit(tx).await?;
                Ok(outcome)
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
                let order = insert_order(&mut tx, change, &fields).await?;
                commit(tx).await?;
                Ok(order)
            }

            async fn upsert_order(&self, change: &Change, fields: OrderFields) -> Result<Upserted<Order>, StoreError> {
                let fields = fields.normalized()?;
                let mut tx = begin(self).await?;
                let existing: Option<Order> =
                    ::sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE external_id = $1{}", $lock))
                        .bind(&fields.external_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Order, error))?;
                let outcome = match existing {
                    None => Upserted::Created(insert_order(&mut tx, change, &fields).await?),
                    Some(order) if order.has_fields(&fields) => Upserted::Unchanged(order),
                    Some(before) => {
                        require(&mut tx, "customers", "customer_id", Entity::Customer, fields.customer_id.0).await?;
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
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(|error| map_error(Entity::Order, error))?;
                        audit(
                            &mut tx,
                            change,
                            "update",
                            Entity::Order,
                            order.id.0,
                            Some(audit_json(&before)?),
                            Some(audit_json(&order)?),
                        )
                        .await?;
                        Upserted::Updated(order)
                    }
                };
                commit(tx).await?;
                Ok(outcome)
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
