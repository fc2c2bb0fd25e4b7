//! The `[sla]` section of the config file.

use serde::Deserialize;
use thiserror::Error;

use super::{Priority, SlaPolicy, Target};

/// The `[sla]` section as written; a priority or field left out keeps its default:
///
/// ```toml
/// [sla]
/// urgent = { first_response_hours = 1, resolution_hours = 4 }
/// low = { resolution_hours = 160 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    /// Targets for urgent cases.
    #[serde(default)]
    pub urgent: TargetConfig,
    /// Targets for high-priority cases.
    #[serde(default)]
    pub high: TargetConfig,
    /// Targets for normal cases.
    #[serde(default)]
    pub normal: TargetConfig,
    /// Targets for low-priority cases.
    #[serde(default)]
    pub low: TargetConfig,
}

/// One priority's targets in whole business hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// Business hours to the first reply.
    pub first_response_hours: Option<u32>,
    /// Business hours to resolution.
    pub resolution_hours: Option<u32>,
}

impl SlaConfig {
    /// Validates the section over the defaults.
    ///
    /// # Errors
    /// An [`SlaError`] naming the first field that is wrong.
    pub fn build(&self) -> Result<SlaPolicy, SlaError> {
        let defaults = SlaPolicy::default();
        let target = |priority: Priority, name: &'static str, config: TargetConfig| {
            let default = defaults.target(priority);
            let first =
                config.first_response_hours.map_or(default.first_response, |h| chrono::TimeDelta::hours(h.into()));
            let resolution = config.resolution_hours.map_or(default.resolution, |h| chrono::TimeDelta::hours(h.into()));
            if first <= chrono::TimeDelta::zero() {
                return Err(SlaError::Zero { priority: name });
            }
            if resolution < first {
                return Err(SlaError::ResolutionBeforeResponse {
                    priority: name,
                    first_response_hours: first.num_hours(),
                    resolution_hours: resolution.num_hours(),
                });
            }
            Ok(Target { first_response: first, resolution })
        };
        Ok(SlaPolicy {
            urgent: target(Priority::Urgent, "urgent", self.urgent)?,
            high: target(Priority::High, "high", self.high)?,
            normal: target(Priority::Normal, "normal", self.normal)?,
            low: target(Priority::Low, "low", self.low)?,
        })
    }
}

/// An `[sla]` section that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SlaError {
    /// A first-response target of zero hours would breach every case on arrival.
    #[error("sla.{priority}.first_response_hours: must be at least 1")]
    Zero {
        /// The priority key.
        priority: &'static str,
    },
    /// Resolution is due before the first reply.
    #[error(
        "sla.{priority}.resolution_hours: {resolution_hours} is less than first_response_hours \
         ({first_response_hours}); resolution cannot be due before the first reply"
    )]
    ResolutionBeforeResponse {
        /// The priority key.
        priority: &'static str,
        /// The first-response target in hours.
        first_response_hours: i64,
        /// The resolution target in hours.
        resolution_hours: i64,
    },
}
