//! One module per subcommand.

pub(crate) mod analyze;
pub(crate) mod compose;
pub(crate) mod import;
pub(crate) mod lint;
pub(crate) mod rule;
pub(crate) mod rules;
