-- The tables of the published warehouse while it is attached to a starting build.
select schema_name, table_name
from duckdb_tables()
where database_name = $database
order by schema_name, table_name
