-- Records read = accepted + duplicates + rejected, over every raw file.
select sum(records_read) as records_read, sum(accepted) as accepted, sum(duplicates) as duplicates, sum(rejected) as rejected
from audit.file_reconciliation
