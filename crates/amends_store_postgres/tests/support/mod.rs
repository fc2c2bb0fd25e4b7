//! A fresh PostgreSQL database per test; see `amends_store_postgres::testing`.

pub use amends_store_postgres::testing::*;
