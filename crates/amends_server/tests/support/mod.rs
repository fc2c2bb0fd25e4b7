//! A fresh application per test, on SQLite (a temporary file) or PostgreSQL (its own
//! database, created and dropped), with one user and token per role.

#![allow(dead_code, reason = "each test binary uses a different part of the support module")]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use amends_core::compose::{Composer, ComposerSettings};
use amends_core::lint::{Linter, LinterSettings};
use amends_core::listen::Taxonomy;
use amends_server::{AppState, Clock, ServerSettings, router};
use amends_store::model::{NewApiToken, NewUser, Role};
use amends_store::secret::{hash_token, new_token};
use amends_store::{Change, Store};
use amends_store_postgres::PostgresStore;
use amends_store_postgres::testing::{TestDatabase, admin_url};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::Value;
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A new PostgreSQL database.
    Postgres,
}

/// When the test clock starts: 2 March 2026, 09:00 UTC.
pub const START: DateTime<Utc> = DateTime::from_timestamp(1_772_442_000, 0).unwrap();

/// A clock that moves one second forward each time it is read, from a fixed start, so
/// every change has its own instant and tests are deterministic.
#[derive(Debug)]
pub struct SteppingClock {
    start: DateTime<Utc>,
    reads: AtomicI64,
}

impl SteppingClock {
    /// Starting at [`START`].
    pub fn new() -> Self {
        SteppingClock { start: START, reads: AtomicI64::new(0) }
    }
}

impl Clock for SteppingClock {
    fn now(&self) -> DateTime<Utc> {
        self.start + TimeDelta::seconds(self.reads.fetch_add(1, Ordering::SeqCst))
    }
}

type Teardown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The application under test and a token for each role.
pub struct TestApp {
    /// The router, called in memory.
    pub router: Router,
    /// The store behind it, to check what was written.
    pub store: Arc<dyn Store>,
    /// The state, to serve it on a socket.
    pub state: AppState,
    /// An agent's token.
    pub agent: String,
    /// A manager's token.
    pub manager: String,
    /// An admin's token.
    pub admin: String,
    teardown: Option<Teardown>,
    _folder: Option<tempfile::TempDir>,
}

/// A response, its body read as JSON (`Value::Null` when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as JSON.
    pub json: Value,
}

impl Reply {
    /// The `content-type` header.
    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default()
    }
}

impl TestApp {
    /// A fresh application on `backend` with `settings`; `None` when PostgreSQL is not
    /// configured (and not required).
    pub async fn start(backend: Backend, settings: ServerSettings) -> Option<TestApp> {
        TestApp::start_with(backend, settings, ComposerSettings::default()).await
    }

    /// Like [`TestApp::start`], with a composer of its own (a stricter lint gate).
    pub async fn start_with(backend: Backend, settings: ServerSettings, composer: ComposerSettings) -> Option<TestApp> {
        let (store, teardown, folder): (Arc<dyn Store>, Option<Teardown>, _) = match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", folder.path().join("amends.db").display());
                let store = amends_store_open::open_store(&url).await.unwrap();
                store.migrate().await.unwrap();
                (store, None, Some(folder))
            }
            Backend::Postgres => {
                let (store, teardown) = postgres_database().await?;
                (Arc::new(store), Some(teardown), None)
            }
        };
        let state = AppState::new(
            store.clone(),
            Arc::new(SteppingClock::new()),
            Linter::new(LinterSettings::default()),
            Composer::new(composer).unwrap(),
            Taxonomy::default(),
            settings,
        );
        let mut app = TestApp {
            router: router(state.clone()),
            store,
            state,
            agent: String::new(),
            manager: String::new(),
            admin: String::new(),
            teardown,
            _folder: folder,
        };
        app.agent = app.user_with_token("agent@shop.example", Role::Agent).await;
        app.manager = app.user_with_token("manager@shop.example", Role::Manager).await;
        app.admin = app.user_with_token("admin@shop.example", Role::Admin).await;
        Some(app)
    }

    /// Creates a user with `role` and returns a new token of theirs.
    pub async fn user_with_token(&self, email: &str, role: Role) -> String {
        let change = Change::new("system:test", Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap());
        let user = self
            .store
            .create_user(
                &change,
                NewUser {
                    email: email.to_owned(),
                    display_name: email.to_owned(),
                    role,
                    password_hash: "$argon2id$unused".to_owned(),
                },
            )
            .await
            .unwrap();
        let token = new_token();
        let new = NewApiToken { user_id: user.id, name: "test".to_owned(), token_hash: hash_token(&token) };
        self.store.create_api_token(&change, new).await.unwrap();
        token
    }

    /// Sends a request in memory.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, json }
    }

    /// `method path` with `token`, and `body` as JSON when given.
    pub async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.send(request(method, path, Some(token), body.map(|body| body.to_string().into_bytes()), &[])).await
    }

    /// GET with `token`.
    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    /// POST `body` with `token`.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// PATCH `body` with `token`.
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    /// Creates a customer and returns its id.
    pub async fn customer(&self, external_id: &str) -> i64 {
        let body = serde_json::json!({
            "external_id": external_id, "name": "Ada Byrne", "time_zone": "Europe/Dublin",
            "contacts": [{"kind": "email", "value": "ada@example.com"}],
        });
        let reply = self.post("/api/v1/customers", &self.agent, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
        reply.json["id"].as_i64().unwrap()
    }

    /// Opens a case for `customer_id` and returns its id.
    pub async fn case(&self, customer_id: i64, priority: &str) -> i64 {
        let body = serde_json::json!({
            "customer_id": customer_id, "channel": "email", "priority": priority, "subject": "Parcel late",
        });
        let reply = self.post("/api/v1/cases", &self.agent, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
        reply.json["id"].as_i64().unwrap()
    }

    /// Drops the test's database.
    pub async fn finish(self) {
        if let Some(teardown) = self.teardown {
            teardown.await;
        }
    }
}

/// A request with an optional bearer token, raw body and extra headers.
pub fn request(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Vec<u8>>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.map_or_else(Body::empty, Body::from)).unwrap()
}

async fn postgres_database() -> Option<(PostgresStore, Teardown)> {
    let admin_url = admin_url("the PostgreSQL run")?;
    let (store, teardown) = TestDatabase::create(&admin_url).await.into_parts();
    Some((store, Box::pin(teardown)))
}

/// Runs each listed `async fn name(backend: Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_every_backend {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Postgres).await;
                }
            )*
        }
    };
}
