-- Whether a published file can start the next build as it is: how much of it is free blocks (left by
-- replaced tables), and the storage version it was written for (a copy keeps it, whatever the build's
-- connection asks of new files).
select
    s.free_blocks,
    s.total_blocks,
    d.tags['storage_version'] as storage_version
from pragma_database_size() as s
inner join duckdb_databases() as d on s.database_name = d.database_name
where s.database_name = current_database()
