-- Alerts, subscriptions and the outbox (alerts/). An evaluation writes the alerts it raised or
-- resolved and the messages they make in one transaction; the sender delivers the outbox's
-- messages afterwards and marks each one sent, so a crash between the two loses nothing.

-- The rules: those of settings.alerts.rules (origin 'settings', written again at every
-- start) and those administrators add through the API (origin 'api').
CREATE TABLE alert_rules (
  rule_id    VARCHAR PRIMARY KEY,
  kind       VARCHAR NOT NULL CHECK (kind IN ('rate_below', 'rank_drop', 'source_stale', 'source_failing', 'no_documents', 'quarantine_above', 'period_frozen')),
  -- what a person reads (Vietnamese)
  name       VARCHAR NOT NULL,
  -- the kind's parameters, JSON (alerts/rules.ts validates them)
  params     VARCHAR NOT NULL,
  enabled    BOOLEAN NOT NULL,
  origin     VARCHAR NOT NULL CHECK (origin IN ('settings', 'api')),
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by VARCHAR
);

-- One alert per rule, subject (a unit, a source, a period) and period: raised once,
-- resolved when its condition clears; 'expired' when its period ended while it was open.
CREATE TABLE alerts (
  alert_id        VARCHAR PRIMARY KEY,
  rule_id         VARCHAR NOT NULL,
  subject         VARCHAR NOT NULL,
  -- the unit it is about (who may be told of it); NULL for a source or a frozen period
  unit_code       VARCHAR,
  -- a month (2021-12), a frozen period's label, or for a condition without a period the
  -- local date it was raised on
  period          VARCHAR NOT NULL,
  state           VARCHAR NOT NULL CHECK (state IN ('open', 'resolved', 'expired')),
  value           DOUBLE,
  message         VARCHAR NOT NULL,
  raised_at       TIMESTAMPTZ NOT NULL,
  resolved_at     TIMESTAMPTZ,
  resolved_message VARCHAR
);

-- What a user asked to be told, and how.
CREATE TABLE subscriptions (
  subscription_id   VARCHAR PRIMARY KEY,
  username          VARCHAR NOT NULL,
  -- NULL: every rule the user's role and scope may see
  rule_id           VARCHAR,
  channel           VARCHAR NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- an e-mail address, or the id of a webhook of settings.alerts.webhooks
  target            VARCHAR NOT NULL,
  mode              VARCHAR NOT NULL CHECK (mode IN ('immediate', 'digest')),
  -- the local hour (Asia/Ho_Chi_Minh) of a daily digest
  digest_hour       INTEGER CHECK (digest_hour BETWEEN 0 AND 23),
  unsubscribe_token VARCHAR NOT NULL,
  active            BOOLEAN NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL,
  CHECK ((mode = 'digest') = (digest_hour IS NOT NULL))
);

-- An alert event waiting for its subscription's daily digest; message_id is set in the
-- transaction that writes the digest's message.
CREATE TABLE digest_items (
  subscription_id VARCHAR NOT NULL,
  alert_id        VARCHAR NOT NULL,
  event           VARCHAR NOT NULL CHECK (event IN ('raised', 'resolved')),
  created_at      TIMESTAMPTZ NOT NULL,
  message_id      VARCHAR,
  PRIMARY KEY (subscription_id, alert_id, event)
);

-- Every message to send. message_id is derived from what the message is (the alert, the
-- event and the subscription; the delivery and the recipient), so writing it twice is
-- refused by the key, and a webhook receiver can drop a retry it has seen.
CREATE TABLE outbox (
  message_id      VARCHAR PRIMARY KEY,
  kind            VARCHAR NOT NULL CHECK (kind IN ('alert', 'resolved', 'digest', 'delivery')),
  channel         VARCHAR NOT NULL CHECK (channel IN ('email', 'webhook')),
  target          VARCHAR NOT NULL,
  username        VARCHAR,
  subscription_id VARCHAR,
  alert_id        VARCHAR,
  subject         VARCHAR NOT NULL,
  body_text       VARCHAR NOT NULL,
  body_html       VARCHAR NOT NULL,
  -- the webhook's JSON body (also kept for e-mail: what the message is about)
  payload         VARCHAR NOT NULL,
  -- JSON [{ filename, path, contentType }]: files under DATA_DIR/outbox/files/
  attachments     VARCHAR NOT NULL,
  status          VARCHAR NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  created_at      TIMESTAMPTZ NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  sent_at         TIMESTAMPTZ,
  last_error      VARCHAR,
  -- without SMTP_URL: the .eml file written under DATA_DIR/outbox/
  eml_file        VARCHAR
);

-- A scheduled delivery made (the monthly workbook of a period, a team's work list of a
-- week, a district's summary of a month): made once, with its messages.
CREATE TABLE deliveries (
  delivery_key VARCHAR PRIMARY KEY,
  kind         VARCHAR NOT NULL,
  period       VARCHAR NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  messages     INTEGER NOT NULL
);
