-- The durable job queue: outgoing emails and webhook calls, written in the same transaction as
-- the change that causes them. `lease` is the fencing number: every claim increments it and
-- every finish must name the number it claimed. `key` makes enqueueing idempotent.

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    key          TEXT NOT NULL UNIQUE,
    case_id      INTEGER REFERENCES cases (id),
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       TEXT NOT NULL,
    lease_owner  TEXT,
    lease_until  TEXT,
    lease        INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    finished_at  TEXT
);
-- What the claim reads: queued jobs in due order, and running jobs by lease expiry.
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_by_state ON jobs (state, updated_at, id);
CREATE INDEX jobs_by_case ON jobs (case_id, updated_at, id) WHERE case_id IS NOT NULL;

-- A follow-up scheduled on resolution carries the job that sends it; reopening or closing
-- the case cancels both.
ALTER TABLE follow_ups ADD COLUMN job_id INTEGER REFERENCES jobs (id);
ALTER TABLE follow_ups ADD COLUMN cancelled_at TEXT;
DROP INDEX follow_ups_open_by_due;
CREATE INDEX follow_ups_open_by_due ON follow_ups (due_at, id) WHERE done_at IS NULL AND cancelled_at IS NULL;

-- Single-use feedback links (a remedy choice) record their nonce when answered; a second
-- answer with the same nonce is refused.
CREATE TABLE used_links (
    nonce   TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    used_at TEXT NOT NULL
);

-- SLA escalations: a deadline at risk, or breached, recorded once per case and kind.
CREATE TABLE escalations (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (case_id, kind)
);
CREATE INDEX cases_open_by_first_response_due ON cases (first_response_due) WHERE first_responded_at IS NULL;
CREATE INDEX cases_by_resolution_due ON cases (resolution_due) WHERE resolved_at IS NULL;
