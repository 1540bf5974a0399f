-- What the pages were built from: files, rows and the dates the data carry.
select 'Job postings' as dataset, string_agg(distinct source_file, ', ' order by source_file) as files,
    count(*) as records, min(date_posted) as first_date, max(date_posted) as last_date
from staging.postings
union all
select 'Resumes', string_agg(distinct source_file, ', ' order by source_file), count(*),
    min(work_end_date), max(work_end_date)
from staging.resumes
union all
select 'O*NET occupations', string_agg(distinct source_file, ', ' order by source_file), count(*), null, null
from staging.onet_occupations
union all
select 'BLS OEWS wages by industry', string_agg(distinct source_file, ', ' order by source_file), count(*), null, null
from staging.oews_wages
