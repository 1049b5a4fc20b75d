-- An attempt in flight (alerts/outbox.ts): set, and committed, before a message is handed to
-- its channel (the SMTP transaction, the webhook's POST); cleared when the attempt ends
-- (sent, or failed and rescheduled). A pending message that still has it after a restart
-- was in flight when the process stopped: it may have reached the server, and is sent again
-- with the same Message-ID (README: Alerts, "in doubt").
ALTER TABLE outbox ADD COLUMN sending_at TIMESTAMPTZ;
