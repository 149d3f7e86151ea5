-- The ledger example's database: one table, row-level security keyed by the caller the gateway
-- names in its identity token. The worker sets app.caller for each call's transaction, and
-- PostgreSQL itself keeps every caller to their own rows: a bug in the worker's SQL cannot leak
-- another caller's expenses. Run as a superuser once; the worker connects as ledger_worker.
CREATE TABLE IF NOT EXISTS expenses (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner        text    NOT NULL DEFAULT current_setting('app.caller'),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  note         text    NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE expenses ENABLE ROW LEVEL SECURITY;
-- Even the table's owner is held to the policy.
ALTER TABLE expenses FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS own_rows ON expenses;
-- current_setting(..., true) is NULL when no caller is set: NULL never equals, so no rows.
CREATE POLICY own_rows ON expenses
  USING (owner = current_setting('app.caller', true))
  WITH CHECK (owner = current_setting('app.caller', true));

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_worker') THEN
    -- Not a superuser and without BYPASSRLS: superusers skip row-level security.
    CREATE ROLE ledger_worker LOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
GRANT SELECT, INSERT ON expenses TO ledger_worker;
