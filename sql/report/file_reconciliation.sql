-- Records read, accepted, dropped as duplicates and rejected per raw file.
select source, source_file, status, records_read, accepted, duplicates, rejected, reconciles, reason
from audit.file_reconciliation
order by source, source_file
