-- The tables of a warehouse file: the published one attached to a starting build ($database), or the
-- build file itself (null: the connection's own database).
select schema_name, table_name
from duckdb_tables()
where database_name = coalesce($database, current_database())
order by schema_name, table_name
