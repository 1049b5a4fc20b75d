-- Withdraws a province, or some of its months, from the national warehouse (national/
-- withdraw.ts, in the transaction that found each of them held; the statements' changed
-- rows are what it reports). $whole: the province itself as well, its registry and its row
-- among the provinces, so that it leaves the figures, the ranking and the provinces' list.
-- Otherwise only $months (first days): the province stays a member, and its units due in
-- those months count as units without data (macros.sql, unpublished), as for any month it
-- has not published.
DELETE FROM national_counts
WHERE province = $province::VARCHAR AND ($whole::BOOLEAN OR list_contains($months::DATE[], month));

DELETE FROM national_months
WHERE province = $province::VARCHAR AND ($whole::BOOLEAN OR list_contains($months::DATE[], month));

DELETE FROM national_registry WHERE province = $province::VARCHAR AND $whole::BOOLEAN;

DELETE FROM national_provinces WHERE province = $province::VARCHAR AND $whole::BOOLEAN;
