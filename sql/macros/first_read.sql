-- True for the first record of each key in file and position order: the one de-duplication keeps.
create or replace temp macro first_read(key, source_file, record_position) as
    row_number() over (partition by key order by source_file, record_position) = 1
