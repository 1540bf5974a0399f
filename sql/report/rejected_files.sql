-- Raw files that could not be read, and why.
select source_file, reason
from quarantine.rejected_files
order by source_file
