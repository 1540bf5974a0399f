-- Build $run_id is swapped in: its audit.builds row says when.
update audit.builds set published_at = $now where run_id = $run_id
