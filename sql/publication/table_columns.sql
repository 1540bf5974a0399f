-- A built table's columns and their types, in table order.
select column_name, data_type
from information_schema.columns
where table_schema = $schema and table_name = $table
order by ordinal_position
