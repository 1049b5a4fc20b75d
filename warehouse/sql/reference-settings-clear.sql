-- The milestones and inspection teams are replaced from settings.json at every start
-- (warehouse/reference.ts), in the transaction that loads the registry.
DELETE FROM milestones;
DELETE FROM team_units;
DELETE FROM teams;
