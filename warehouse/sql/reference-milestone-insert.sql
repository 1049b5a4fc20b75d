INSERT INTO milestones VALUES ($level, $date::DATE);
