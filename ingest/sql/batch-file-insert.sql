INSERT INTO batch_files VALUES ($file_seq, $name);
