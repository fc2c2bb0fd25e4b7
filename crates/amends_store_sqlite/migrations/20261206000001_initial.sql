-- The system of record: users, customers, incidents, cases and everything in them.
-- Instants are RFC 3339 text in UTC (as sqlx writes DateTime<Utc>), which sorts in time order.
-- Vocabularies are lowercase names checked by the application (amends_store::model).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX users_by_update ON users (updated_at, id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    contacts    TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    locale      TEXT,
    tier        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX customers_by_update ON customers (updated_at, id);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    placed_at   TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    summary     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, updated_at, id);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    root_cause  TEXT NOT NULL,
    severity    TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    resolved_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX incidents_by_update ON incidents (updated_at, id);

CREATE TABLE incident_customers (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    added_at    TEXT NOT NULL,
    PRIMARY KEY (incident_id, customer_id)
);
CREATE INDEX incident_customers_by_addition ON incident_customers (incident_id, added_at, customer_id);
CREATE INDEX incident_customers_by_customer ON incident_customers (customer_id);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES customers (id),
    channel            TEXT NOT NULL,
    priority           TEXT NOT NULL,
    status             TEXT NOT NULL,
    owner_id           INTEGER REFERENCES users (id),
    incident_id        INTEGER REFERENCES incidents (id),
    subject            TEXT NOT NULL,
    first_response_due TEXT,
    resolution_due     TEXT,
    first_responded_at TEXT,
    resolved_at        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX cases_by_update ON cases (updated_at, id);
CREATE INDEX cases_by_status ON cases (status, updated_at, id);
CREATE INDEX cases_by_owner ON cases (owner_id, updated_at, id);
CREATE INDEX cases_by_incident ON cases (incident_id, updated_at, id);
CREATE INDEX cases_by_customer ON cases (customer_id, updated_at, id);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    direction  TEXT NOT NULL,
    body       TEXT NOT NULL,
    sentiment  REAL,
    sent_at    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_by_case ON messages (case_id, sent_at, id);

CREATE TABLE remedies (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    amount_minor INTEGER,
    currency     TEXT,
    description  TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX remedies_by_case ON remedies (case_id, created_at, id);

CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    owner_id   INTEGER REFERENCES users (id),
    channel    TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    note       TEXT,
    done_at    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX follow_ups_by_case ON follow_ups (case_id, due_at, id);
CREATE INDEX follow_ups_open_by_due ON follow_ups (due_at, id) WHERE done_at IS NULL;

CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    score        INTEGER NOT NULL,
    comment      TEXT,
    responded_at TEXT NOT NULL
);
CREATE INDEX survey_responses_by_case ON survey_responses (case_id, responded_at, id);

-- Append-only: the application never updates or deletes a row, and these triggers refuse it.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    before    TEXT,
    after     TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
CREATE INDEX audit_log_by_record ON audit_log (entity, entity_id, at, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE idempotency_keys (
    scope           TEXT NOT NULL,
    key             TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER,
    response_body   BLOB,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
