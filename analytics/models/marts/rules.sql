-- The rules every figure and every list of documents follows, in one place.

-- A rate is a fraction of counts; with nothing to count it is NULL (no data), never 0 or 1.
CREATE OR REPLACE MACRO cds_rate(num, den) AS CASE WHEN den > 0 THEN num::DOUBLE / den END;

-- The outgoing and on-time figures of pooled counts as every response carries them: each
-- count as a DOUBLE, 0 where nothing was counted, and the three rates, NULL where nothing is
-- due. A struct, spread into columns in a select list by unnest(cds_out_figures(...)), so
-- that the units', areas', levels' and months' figures (analytics/queries, national/sql) are
-- made by one rule.
CREATE OR REPLACE MACRO cds_out_figures(out_total, out_electronic, out_signed, in_on_time, in_late, in_pending, secret_excluded) AS {
  'out_total': coalesce(out_total, 0)::DOUBLE, 'out_electronic': coalesce(out_electronic, 0)::DOUBLE,
  'out_signed': coalesce(out_signed, 0)::DOUBLE, 'in_on_time': coalesce(in_on_time, 0)::DOUBLE,
  'in_late': coalesce(in_late, 0)::DOUBLE, 'in_pending': coalesce(in_pending, 0)::DOUBLE,
  'secret_excluded': coalesce(secret_excluded, 0)::DOUBLE,
  'sent_electronic_rate': cds_rate(out_electronic, out_total),
  'signed_rate': cds_rate(out_signed, out_total),
  'on_time_rate': cds_rate(in_on_time, in_on_time + in_late)
};

-- The received and processed figures the same way (unnest(cds_in_figures(...))): the
-- incoming documents received electronically of all received, and those handled as
-- electronic work files of all completed with the field recorded (in_completed_unrecorded:
-- completed in an export without it, outside the rate and said beside it).
CREATE OR REPLACE MACRO cds_in_figures(in_total, in_electronic, in_completed, in_processed_electronic, in_completed_unrecorded) AS {
  'in_total': coalesce(in_total, 0)::DOUBLE, 'in_electronic': coalesce(in_electronic, 0)::DOUBLE,
  'received_electronic_rate': cds_rate(in_electronic, in_total),
  'in_completed': coalesce(in_completed, 0)::DOUBLE, 'in_processed_electronic': coalesce(in_processed_electronic, 0)::DOUBLE,
  'in_completed_unrecorded': coalesce(in_completed_unrecorded, 0)::DOUBLE,
  'processed_electronic_rate': cds_rate(in_processed_electronic, in_completed)
};

-- The first day of a date's month, as date_trunc('month', d)::DATE gives it, by DATE
-- arithmetic: date_trunc goes through a TIMESTAMP and costs several times as much on the
-- millions of rows of the marts.
CREATE OR REPLACE MACRO cds_month_start(d) AS d - (day(d) - 1)::INTEGER;

-- Whether a unit is due to have documents in the business days lo..hi of a phase: the
-- required phase only from its milestone on, the baseline only before it, 'all' always;
-- never when the range is empty (a period that starts after as_of). A unit due and without
-- any document makes its figures and its areas' incomplete (units_without_data).
CREATE OR REPLACE MACRO cds_unit_due(milestone, lo, hi, phase) AS CASE
  WHEN hi < lo THEN false
  WHEN phase = 'required' THEN milestone <= hi
  WHEN phase = 'baseline' THEN milestone > lo
  ELSE true
END;

-- Where an incoming document with a deadline stands at the end of as_of (local dates):
--   on_time  completed by as_of, on or before the deadline
--   late     completed by as_of after the deadline, or not completed and the deadline is before as_of
--   pending  not completed by as_of, and the deadline is on or after as_of
-- A completion after as_of is not a completion yet. NULL without a deadline.
CREATE OR REPLACE MACRO cds_in_status(deadline, completed_date, as_of) AS CASE
  WHEN deadline IS NULL THEN NULL
  WHEN completed_date <= as_of THEN CASE WHEN completed_date <= deadline THEN 'on_time' ELSE 'late' END
  WHEN deadline < as_of THEN 'late'
  ELSE 'pending'
END;

-- The same decision from two values fixed once a document exists, which the incoming mart
-- (fct_unit_day_incoming.sql) keeps instead of the deadline and the completion date: a
-- document with a deadline is pending up to the day before cds_in_decided_on and, from that
-- day on, on time when cds_in_on_time and late otherwise. That day is the completion date
-- when it is on or before the deadline (on time from then on), else the day after the
-- deadline (late from then on, completed or not). cds_in_status_decided(cds_in_decided_on(d,
-- c), cds_in_on_time(d, c), as_of) = cds_in_status(d, c, as_of) for every d, c and as_of
-- (the data test in_status_decided_as_rules, rules.test.sql); NULL without a deadline.
CREATE OR REPLACE MACRO cds_in_decided_on(deadline, completed_date) AS CASE
  WHEN completed_date <= deadline THEN completed_date
  ELSE deadline + 1
END;

CREATE OR REPLACE MACRO cds_in_on_time(deadline, completed_date) AS coalesce(completed_date <= deadline, false);

CREATE OR REPLACE MACRO cds_in_status_decided(decided_on, on_time, as_of) AS CASE
  WHEN decided_on IS NULL THEN NULL
  WHEN decided_on > as_of THEN 'pending'
  WHEN on_time THEN 'on_time'
  ELSE 'late'
END;

-- Why a (non-secret) document pulls its unit's rates down, as of as_of: the documents
-- behind out_total - out_electronic, out_total - out_signed and in_late.
CREATE OR REPLACE MACRO cds_violation_reasons(direction, channel, signed, deadline, completed_date, as_of) AS list_filter([
  CASE WHEN direction = 'out' AND coalesce(channel, '') NOT IN ('electronic', 'both') THEN 'not_electronic' END,
  CASE WHEN direction = 'out' AND NOT coalesce(signed, false) THEN 'not_signed' END,
  CASE WHEN direction = 'in' AND cds_in_status(deadline, completed_date, as_of) = 'late' THEN 'late' END
], x -> x IS NOT NULL);

-- The score of a scorecard (settings ranking.scorecard, config.ts; README "The score"):
-- rates, weights, targets, bonuses are lists in the same order (SCORE_RATES of config.ts:
-- sent, signed, on time, received, processed; a weight of 0 leaving a rate out); violations
-- and penalties lists of counts and points per document (VIOLATION_KINDS: not_electronic,
-- not_signed, late, paper_to_office). The caller passes the processed rate as it is scored:
-- in_processed_electronic / (in_completed + in_completed_unrecorded), a completed document
-- whose export does not record how it was processed counting as not processed electronically,
-- so that a gap in the data never raises the score.
--   round4( round4(Σ weight·rate / Σ weight over the rates that are not NULL)
--           + Σ bonus of the rates at or above their target − Σ points·documents )
-- Each rate is rounded to 4 decimals by the caller. No weighted rate: NULL (no score). With
-- weights 1, no bonus and no penalty, the mean of the rates that are not NULL.
CREATE OR REPLACE MACRO cds_score(rates, weights, targets, bonuses, violations, penalties) AS round(
  round(
    list_sum(list_transform(range(1, len(rates) + 1), i -> CASE WHEN rates[i] IS NOT NULL AND weights[i] > 0 THEN rates[i] * weights[i] ELSE 0 END))
    / nullif(list_sum(list_transform(range(1, len(rates) + 1), i -> CASE WHEN rates[i] IS NOT NULL AND weights[i] > 0 THEN weights[i] ELSE 0 END)), 0),
    4)
  + list_sum(list_transform(range(1, len(rates) + 1), i -> CASE WHEN weights[i] > 0 AND rates[i] >= targets[i] THEN bonuses[i] ELSE 0 END))
  - list_sum(list_transform(range(1, len(violations) + 1), i -> violations[i] * penalties[i])),
  4);
