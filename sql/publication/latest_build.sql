-- The last published build of a warehouse: what it was built from, and when.
select run_id, published_at, raw_dir, raw_fingerprint, raw_files, raw_bytes
from audit.builds
where published_at is not null
order by published_at desc
limit 1
