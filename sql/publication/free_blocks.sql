-- How much of the open database file is free blocks (left by replaced tables): whether a published file
-- is worth copying as the next build's file.
select free_blocks, total_blocks
from pragma_database_size()
where database_name = current_database()
