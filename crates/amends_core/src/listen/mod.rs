//! Listening: what a customer's message says about how they feel and what it is about.

pub mod vader;
