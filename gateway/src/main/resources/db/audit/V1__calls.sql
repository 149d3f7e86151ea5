-- One row per finished tools/call (dev.toolgate.gateway.calls.FinishedCall). Written by the
-- gateway's spool shipper, idempotently by id: a replay after a crash inserts nothing twice.
-- Plain SQL that H2 (the embedded store) and PostgreSQL both take.
CREATE TABLE toolgate_calls (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  called_at TIMESTAMP WITH TIME ZONE NOT NULL,
  endpoint VARCHAR(16) NOT NULL,
  issuer VARCHAR(1024),
  subject VARCHAR(1024),
  client_id VARCHAR(512),
  session_id VARCHAR(128),
  upstream VARCHAR(320),
  tool VARCHAR(256),
  arguments_hash VARCHAR(80),
  outcome VARCHAR(32) NOT NULL,
  error_code INTEGER,
  latency_us BIGINT NOT NULL,
  upstream_latency_us BIGINT,
  cost INTEGER NOT NULL,
  trace_id VARCHAR(32),
  config_version VARCHAR(128),
  sync_audited BOOLEAN NOT NULL,
  arguments VARCHAR(16384),
  result_summary VARCHAR(4096)
);

-- "All calls of session X", in order.
CREATE INDEX toolgate_calls_session ON toolgate_calls (session_id, called_at);
-- "Calls of tool Y in the last hour".
CREATE INDEX toolgate_calls_tool ON toolgate_calls (tool, called_at);
-- Recent sessions, retention, time filters.
CREATE INDEX toolgate_calls_time ON toolgate_calls (called_at);
