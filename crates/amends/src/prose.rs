//! The spelling and grammar checker behind ST301 (misspelling) and ST302 (grammar).

use std::sync::Arc;

use amends_core::lint::LinterSettings;
use amends_core::prose::ProseChecker;

/// The checker for the settings' dialect, or `None` in a build without one, where ST301
/// and ST302 find nothing. Called only when one of those rules is enabled, because
/// loading a dictionary takes time.
pub(crate) fn checker(_settings: &LinterSettings) -> Option<Arc<dyn ProseChecker>> {
    None
}
