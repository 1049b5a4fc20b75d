-- An attempt in flight (alerts/outbox.ts): set, and committed, before a message is handed to
-- its channel (the SMTP transaction, the webhook's POST); cleared when the attempt ends
-- (sent, or failed and rescheduled). A pending message that still has it after a restart
-- was in flight when the process stopped: it may have reached the server, and is sent again
-- with the same Message-ID (README: Alerts, "in doubt").
ALTER TABLE outbox ADD COLUMN sending_at TIMESTAMPTZ;

-- The scheduled deliveries' jobs (alerts/deliveries.ts): until when the service watched each
-- one (its start, each run). A time of the job's schedule after that and before a start
-- passed while the service was down: the start makes that delivery up, once (its key in
-- `deliveries` keeps it from being made twice).
CREATE TABLE delivery_checks (
  job        VARCHAR PRIMARY KEY,
  checked_at TIMESTAMPTZ NOT NULL
);
