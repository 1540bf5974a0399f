-- The O*NET release the pages name beside its attribution (one row; unknown_reason when not known).
select
    version,
    release_month,
    database_name,
    source_file,
    unknown_reason
from staging.onet_release
