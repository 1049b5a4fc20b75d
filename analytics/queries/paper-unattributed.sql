-- The paper the Provincial Office ($office) logged in the period (its required phase) that
-- cannot be attributed to a provincial body: the completeness of paper_to_office.
SELECT without_sender::DOUBLE AS without_sender, outside_registry::DOUBLE AS outside_registry
FROM paper_at_office_unattributed($office::VARCHAR, $from::DATE, $to::DATE, $as_of::DATE);
