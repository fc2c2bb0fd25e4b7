//! Reading the audit log.

/// Implements [`AuditStore`](crate::AuditStore) for a sqlx backend.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_audit_store {
    ($store:ty, $db:ty, $lock:literal) => {
        #[::async_trait::async_trait]
        impl $crate::AuditStore for $store {
            async fn list_audit(
                &self,
                filter: &AuditFilter,
                page: PageRequest,
            ) -> Result<Page<AuditEntry>, StoreError> {
                page.validate()?;
                let mut query =
                    ::sqlx::QueryBuilder::<$db>::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE TRUE"));
                if let Some(entity) = filter.entity {
                    query.push(" AND entity = ").push_bind(entity.as_str());
                }
                if let Some(entity_id) = filter.entity_id {
                    query.push(" AND entity_id = ").push_bind(entity_id);
                }
                push_page(&mut query, "at", "id", page);
                let rows = query
                    .build_query_as::<AuditEntry>()
                    .fetch_all(self.reader())
                    .await
                    .map_err(|error| StoreError::Backend(Box::new(error)))?;
                Ok(Page::from_rows(rows, page.limit, |entry: &AuditEntry| Cursor { at: entry.at, id: entry.id }))
            }
        }
    };
}
