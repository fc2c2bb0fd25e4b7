//! Survey responses: how the customer felt about the recovery.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CaseId, SurveyKind, SurveyResponseId};
use crate::StoreError;

/// One answer to a CSAT or NPS question about a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SurveyResponse {
    /// Assigned by the store.
    pub id: SurveyResponseId,
    /// The case rated.
    pub case_id: CaseId,
    /// The question asked.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub kind: SurveyKind,
    /// The score: 1 to 5 for CSAT, 0 to 10 for NPS.
    pub score: i32,
    /// What the customer wrote, if anything.
    pub comment: Option<String>,
    /// When they answered.
    pub responded_at: DateTime<Utc>,
}

/// A survey answer to record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewSurveyResponse {
    /// The case rated.
    pub case_id: CaseId,
    /// The question asked.
    pub kind: SurveyKind,
    /// The score.
    pub score: i32,
    /// What the customer wrote.
    #[serde(default)]
    pub comment: Option<String>,
}

impl NewSurveyResponse {
    /// Checks the score against the question's scale.
    pub fn normalized(self) -> Result<Self, StoreError> {
        let scale = match self.kind {
            SurveyKind::Csat => 1..=5,
            SurveyKind::Nps => 0..=10,
        };
        if !scale.contains(&self.score) {
            return Err(StoreError::invalid(
                "score",
                format!("{} scores run from {} to {}", self.kind, scale.start(), scale.end()),
            ));
        }
        Ok(self)
    }
}

/// An answer given through a signed feedback link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAnswer {
    /// The link's single-use nonce, when it may be answered once only.
    pub nonce: Option<String>,
    /// What was answered.
    pub kind: LinkAnswerKind,
}

/// What a feedback link records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkAnswerKind {
    /// A CSAT or NPS score.
    Survey(NewSurveyResponse),
    /// The remedy the customer chose from those offered on the case.
    RemedyChoice {
        /// The case.
        case_id: CaseId,
        /// The remedy chosen.
        remedy_id: super::RemedyId,
    },
}
