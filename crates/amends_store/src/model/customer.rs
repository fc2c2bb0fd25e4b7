//! Customers and their orders.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CustomerId, OrderId, micros, require_currency, require_text};
use crate::StoreError;

/// Someone the team serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Customer {
    /// Assigned by the store.
    pub id: CustomerId,
    /// The id in the system the customer was imported from; unique, the key of re-imports.
    pub external_id: String,
    /// Full name, as the customer writes it.
    pub name: String,
    /// How to reach them, preferred first.
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub contacts: Vec<ContactPoint>,
    /// IANA time zone, such as `America/Chicago`: business hours and dates are theirs.
    pub time_zone: String,
    /// Locale for dates and amounts, such as `en-GB`.
    pub locale: Option<String>,
    /// Customer tier, such as `gold`.
    pub tier: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// One way to reach a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPoint {
    /// What kind of address.
    pub kind: ContactKind,
    /// The address itself.
    pub value: String,
}

/// The kinds of contact point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// An email address.
    Email,
    /// A phone number, for calls and SMS.
    Phone,
    /// A chat or social handle.
    Handle,
    /// A postal address.
    Postal,
}

/// Everything about a customer that callers set: used to create, replace and upsert.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerFields {
    /// The id in the source system; unique.
    pub external_id: String,
    /// Full name.
    pub name: String,
    /// How to reach them, preferred first.
    #[serde(default)]
    pub contacts: Vec<ContactPoint>,
    /// IANA time zone.
    pub time_zone: String,
    /// Locale, such as `en-GB`.
    #[serde(default)]
    pub locale: Option<String>,
    /// Tier, such as `gold`.
    #[serde(default)]
    pub tier: Option<String>,
}

impl CustomerFields {
    /// Checks the fields: non-empty ids and names, a known IANA time zone.
    pub fn normalized(self) -> Result<Self, StoreError> {
        require_text("external_id", &self.external_id)?;
        require_text("name", &self.name)?;
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(StoreError::invalid(
                "time_zone",
                format!("`{}` is not an IANA time zone such as Europe/Paris", self.time_zone),
            ));
        }
        for (index, contact) in self.contacts.iter().enumerate() {
            require_text(&format!("contacts[{index}].value"), &contact.value)?;
        }
        Ok(self)
    }
}

impl Customer {
    /// Whether the stored customer already has exactly these fields (a re-import).
    pub fn has_fields(&self, fields: &CustomerFields) -> bool {
        self.external_id == fields.external_id
            && self.name == fields.name
            && self.contacts == fields.contacts
            && self.time_zone == fields.time_zone
            && self.locale == fields.locale
            && self.tier == fields.tier
    }
}

/// What an upsert by external id did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upserted<T> {
    /// No record had the external id: one was created.
    Created(T),
    /// The record existed with other fields: it was updated.
    Updated(T),
    /// The record existed with the same fields: nothing was written.
    Unchanged(T),
}

impl<T> Upserted<T> {
    /// The record as it is now.
    pub fn record(&self) -> &T {
        match self {
            Upserted::Created(record) | Upserted::Updated(record) | Upserted::Unchanged(record) => record,
        }
    }

    /// The record as it is now, by value.
    pub fn into_record(self) -> T {
        match self {
            Upserted::Created(record) | Upserted::Updated(record) | Upserted::Unchanged(record) => record,
        }
    }
}

/// A purchase, kept for cohorts ("everyone who bought X last week") and recovery rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Order {
    /// Assigned by the store.
    pub id: OrderId,
    /// The id in the shop's system; unique, the key of re-imports.
    pub external_id: String,
    /// Who placed it.
    pub customer_id: CustomerId,
    /// When it was placed.
    pub placed_at: DateTime<Utc>,
    /// The total in minor units of `currency` (cents for USD).
    pub total_minor: i64,
    /// ISO 4217 code, such as `USD`.
    pub currency: String,
    /// What was bought, in a few words.
    pub summary: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Everything about an order that callers set: used to create and upsert.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderFields {
    /// The id in the shop's system; unique.
    pub external_id: String,
    /// Who placed it.
    pub customer_id: CustomerId,
    /// When it was placed.
    pub placed_at: DateTime<Utc>,
    /// The total in minor units.
    pub total_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// What was bought.
    #[serde(default)]
    pub summary: Option<String>,
}

impl OrderFields {
    /// Checks the fields and truncates `placed_at` to microseconds.
    pub fn normalized(mut self) -> Result<Self, StoreError> {
        require_text("external_id", &self.external_id)?;
        require_currency("currency", &self.currency)?;
        if self.total_minor < 0 {
            return Err(StoreError::invalid("total_minor", "must not be negative"));
        }
        self.placed_at = micros(self.placed_at);
        Ok(self)
    }
}

impl Order {
    /// Whether the stored order already has exactly these fields (a re-import).
    pub fn has_fields(&self, fields: &OrderFields) -> bool {
        self.external_id == fields.external_id
            && self.customer_id == fields.customer_id
            && self.placed_at == fields.placed_at
            && self.total_minor == fields.total_minor
            && self.currency == fields.currency
            && self.summary == fields.summary
    }
}
