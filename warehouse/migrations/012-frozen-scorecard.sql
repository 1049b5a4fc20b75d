-- The scorecard a frozen version was ranked with (settings ranking.scorecard, config.ts), as
-- JSON: a period's figures keep the score they were frozen with when the scorecard is
-- configured differently later, and a restatement ranks with it again. Versions frozen
-- before the scorecard was configurable were ranked on the mean of the three rates, the
-- only score there was: that scorecard is written into them.
ALTER TABLE report_freezes ADD COLUMN scorecard VARCHAR;
UPDATE report_freezes
SET scorecard = '{"indicators":[{"rate":"sent_electronic_rate","weight":1,"target":1,"bonus":0},{"rate":"signed_rate","weight":1,"target":1,"bonus":0},{"rate":"on_time_rate","weight":1,"target":1,"bonus":0}],"penalties":[]}'
WHERE scorecard IS NULL;
