-- The warehouse's tables in the given schemas with their row counts (exact: tables are written whole,
-- never deleted from).
select schema_name, table_name, estimated_size as row_count
from duckdb_tables()
where schema_name in (select unnest($schemas::varchar[]))
order by schema_name, table_name
