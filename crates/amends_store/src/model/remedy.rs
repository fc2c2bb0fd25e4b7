//! Remedies: what the customer is given to put things right.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, RemedyId, RemedyKind, RemedyStatus, require_currency, require_text};
use crate::StoreError;

/// Compensation offered on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Remedy {
    /// Assigned by the store.
    pub id: RemedyId,
    /// The case it puts right.
    pub case_id: CaseId,
    /// What kind.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub kind: RemedyKind,
    /// The value in minor units of `currency`, when it has one.
    pub amount_minor: Option<i64>,
    /// ISO 4217 code, present exactly when `amount_minor` is.
    pub currency: Option<String>,
    /// The remedy in words ("a $15 credit on your account").
    pub description: String,
    /// Where it stands.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub status: RemedyStatus,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A remedy to offer; it starts as [`RemedyStatus::Offered`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewRemedy {
    /// The case.
    pub case_id: CaseId,
    /// What kind.
    pub kind: RemedyKind,
    /// The value in minor units.
    #[serde(default)]
    pub amount_minor: Option<i64>,
    /// ISO 4217 code.
    #[serde(default)]
    pub currency: Option<String>,
    /// The remedy in words.
    pub description: String,
}

impl NewRemedy {
    /// Checks the fields: an amount needs a currency and the other way round.
    pub fn normalized(self) -> Result<Self, StoreError> {
        require_text("description", &self.description)?;
        match (self.amount_minor, &self.currency) {
            (Some(amount), Some(currency)) => {
                require_currency("currency", currency)?;
                if amount < 0 {
                    return Err(StoreError::invalid("amount_minor", "must not be negative"));
                }
            }
            (None, None) => {}
            (Some(_), None) => return Err(StoreError::invalid("currency", "is required with an amount")),
            (None, Some(_)) => return Err(StoreError::invalid("amount_minor", "is required with a currency")),
        }
        Ok(self)
    }
}
