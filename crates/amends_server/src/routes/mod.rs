//! The handlers, one module per resource, and what they share: pages and nullable fields.

pub(crate) mod cases;
pub(crate) mod customers;
pub(crate) mod feedback;
pub(crate) mod health;
pub(crate) mod imports;
pub(crate) mod incidents;
pub(crate) mod remedies;
pub(crate) mod text;
pub(crate) mod users;
pub(crate) mod vocabulary;
pub(crate) mod workflow;

use amends_store::model::{CaseStatus, Priority};
use amends_store::{Cursor, DEFAULT_PAGE_SIZE, PageRequest};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;

use crate::error::ApiError;

/// `?cursor=&limit=` of every list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
    /// How many items at most, 1 to 500 (default 50).
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The store's page request; a malformed cursor or limit is 422.
    pub(crate) fn page(&self) -> Result<PageRequest, ApiError> {
        let after = self.cursor.as_deref().map(Cursor::decode).transpose()?;
        let page = PageRequest { limit: self.limit.unwrap_or(DEFAULT_PAGE_SIZE), after };
        page.validate()?;
        Ok(page)
    }
}

/// Filters of the case list; every one given narrows it. (Here rather than in `cases`: utoipa's
/// generated code names a params type of its own module with a needless qualification.)
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CaseListQuery {
    /// Only cases in this status.
    #[param(schema_with = vocabulary::optional_case_status)]
    pub status: Option<CaseStatus>,
    /// Only cases of this priority.
    #[param(schema_with = vocabulary::optional_priority)]
    pub priority: Option<Priority>,
    /// Only cases this user owns.
    pub owner: Option<i64>,
    /// Only cases linked to this incident.
    pub incident: Option<i64>,
    /// Only this customer's cases.
    pub customer: Option<i64>,
    /// Only cases changed at or after this instant (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// How many items at most, 1 to 500 (default 50).
    pub limit: Option<u32>,
}

/// `?state=&case=&cursor=&limit=` of the job list (here for the same reason as `CaseListQuery`).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct JobListQuery {
    /// Only jobs in this state: `queued`, `running`, `done`, `dead` or `cancelled`.
    pub state: Option<String>,
    /// Only this case's jobs.
    pub case: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// How many items at most, 1 to 500 (default 50).
    pub limit: Option<u32>,
}

/// Declares the JSON page of a list: `{"items": [...], "next_cursor": "..." | null}`.
macro_rules! page_of {
    ($(#[$meta:meta])* $page:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub(crate) struct $page {
            /// The items, most recently changed first.
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; `null` on the last page.
            pub next_cursor: Option<String>,
        }

        impl<T: Into<$item>> From<amends_store::Page<T>> for $page {
            fn from(page: amends_store::Page<T>) -> Self {
                $page {
                    items: page.items.into_iter().map(Into::into).collect(),
                    next_cursor: page.next.map(|cursor| cursor.encode()),
                }
            }
        }
    };
}
pub(crate) use page_of;

/// For `Option<Option<T>>` fields of a patch: absent leaves the value, `null` clears it.
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
