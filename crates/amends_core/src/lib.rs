//! Domain logic of amends: everything that decides, and nothing that does I/O.
//!
//! The linter, composer, business calendar and sentiment analysis take plain data
//! (and a [`clock::Clock`] where time matters) and return decisions, messages and
//! diagnostics. Storage, HTTP, mail and the command line live in other crates.

pub mod calendar;
pub mod channel;
pub mod compose;
pub mod facts;
pub mod links;
pub mod lint;
pub mod listen;
pub mod prose;
pub mod sla;
pub mod text;
