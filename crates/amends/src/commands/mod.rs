//! One module per subcommand.

pub(crate) mod analyze;
pub(crate) mod compose;
pub(crate) mod database;
pub(crate) mod delivery;
pub(crate) mod import;
pub(crate) mod lint;
pub(crate) mod migrate;
pub(crate) mod rule;
pub(crate) mod rules;
pub(crate) mod serve;
pub(crate) mod token;
pub(crate) mod user;
pub(crate) mod worker;
