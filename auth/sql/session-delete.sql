DELETE FROM sessions WHERE id_hash = $id_hash OR expires_at <= now();
