//! `/api/v1/customers`: the people the team serves.

use amends_store::model::{ContactKind, ContactPoint, Customer, CustomerFields, CustomerId, Role};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{PageQuery, nullable, page_of};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, RecordId};
use crate::state::AppState;

/// A customer, as the API returns it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CustomerView {
    /// Assigned by the server.
    pub id: i64,
    /// The id in the system the customer came from; unique.
    pub external_id: String,
    /// Full name.
    pub name: String,
    /// How to reach them, preferred first.
    pub contacts: Vec<Contact>,
    /// IANA time zone, such as `America/Chicago`.
    pub time_zone: String,
    /// Locale, such as `en-GB`.
    pub locale: Option<String>,
    /// Tier, such as `gold`.
    pub tier: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Customer> for CustomerView {
    fn from(customer: Customer) -> Self {
        CustomerView {
            id: customer.id.0,
            external_id: customer.external_id,
            name: customer.name,
            contacts: customer.contacts.into_iter().map(Contact::from).collect(),
            time_zone: customer.time_zone,
            locale: customer.locale,
            tier: customer.tier,
            created_at: customer.created_at,
            updated_at: customer.updated_at,
        }
    }
}

/// One way to reach a customer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    /// `email`, `phone`, `handle` or `postal`.
    #[schema(value_type = String, example = "email")]
    pub kind: ContactKind,
    /// The address itself.
    pub value: String,
}

impl From<ContactPoint> for Contact {
    fn from(point: ContactPoint) -> Self {
        Contact { kind: point.kind, value: point.value }
    }
}

impl From<Contact> for ContactPoint {
    fn from(contact: Contact) -> Self {
        ContactPoint { kind: contact.kind, value: contact.value }
    }
}

/// A customer to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCustomerBody {
    /// The id in the source system; unique.
    pub external_id: String,
    /// Full name.
    pub name: String,
    /// How to reach them, preferred first.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// IANA time zone.
    #[schema(example = "Europe/Paris")]
    pub time_zone: String,
    /// Locale.
    #[serde(default)]
    pub locale: Option<String>,
    /// Tier.
    #[serde(default)]
    pub tier: Option<String>,
}

/// Changes to a customer: absent fields stay, `null` clears `locale` or `tier`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CustomerPatchBody {
    /// A new external id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// New contact points (replace the old ones).
    #[serde(default)]
    pub contacts: Option<Vec<Contact>>,
    /// A new time zone.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// A new locale, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub locale: Option<Option<String>>,
    /// A new tier, or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub tier: Option<Option<String>>,
}

page_of!(
    /// A page of customers.
    CustomerPage,
    CustomerView
);

/// Creates a customer.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = NewCustomerBody,
    responses((status = 201, body = CustomerView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewCustomerBody>,
) -> Result<(StatusCode, Json<CustomerView>), ApiError> {
    caller.require(Role::Agent, "creating a customer")?;
    let fields = CustomerFields {
        external_id: body.external_id,
        name: body.name,
        contacts: body.contacts.into_iter().map(Into::into).collect(),
        time_zone: body.time_zone,
        locale: body.locale,
        tier: body.tier,
    };
    let customer = state.store.create_customer(&caller.change(&state), fields).await?;
    Ok((StatusCode::CREATED, Json(customer.into())))
}

/// One customer.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = CustomerView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
) -> Result<Json<CustomerView>, ApiError> {
    caller.require(Role::Agent, "reading customers")?;
    Ok(Json(state.store.get_customer(CustomerId(id)).await?.into()))
}

/// Changes a customer.
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = i64, Path)),
    request_body = CustomerPatchBody,
    responses((status = 200, body = CustomerView), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    RecordId(id): RecordId,
    ApiJson(patch): ApiJson<CustomerPatchBody>,
) -> Result<Json<CustomerView>, ApiError> {
    caller.require(Role::Agent, "changing a customer")?;
    let current = state.store.get_customer(CustomerId(id)).await?;
    let fields = CustomerFields {
        external_id: patch.external_id.unwrap_or(current.external_id),
        name: patch.name.unwrap_or(current.name),
        contacts: patch.contacts.map_or(current.contacts, |contacts| contacts.into_iter().map(Into::into).collect()),
        time_zone: patch.time_zone.unwrap_or(current.time_zone),
        locale: patch.locale.unwrap_or(current.locale),
        tier: patch.tier.unwrap_or(current.tier),
    };
    let customer = state.store.update_customer(&caller.change(&state), CustomerId(id), fields).await?;
    Ok(Json(customer.into()))
}

/// Customers, most recently changed first.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(PageQuery),
    responses((status = 200, body = CustomerPage), (status = "4XX", body = Problem)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<CustomerPage>, ApiError> {
    caller.require(Role::Agent, "reading customers")?;
    Ok(Json(state.store.list_customers(query.page()?).await?.into()))
}
