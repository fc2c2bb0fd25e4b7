//! The spelling and grammar checker behind ST301 (misspelling) and ST302 (grammar).

use std::sync::Arc;

use amends_core::lint::LinterSettings;
use amends_core::prose::ProseChecker;
use amends_prose::HarperChecker;

/// The harper-backed checker for the settings' dialect. Called only when ST301 or ST302
/// is enabled; the dictionary itself loads on the first check, once per process.
pub(crate) fn checker(settings: &LinterSettings) -> Option<Arc<dyn ProseChecker>> {
    Some(Arc::new(HarperChecker::new(settings.dialect)))
}
