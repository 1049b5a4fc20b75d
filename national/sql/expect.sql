-- Which provinces of the roster are expected (npm run national -- --expect): those given,
-- every other one not. $provinces: the codes, each on the roster (national/expect.ts checks).
UPDATE national_roster SET expected = list_contains($provinces::VARCHAR[], province);
