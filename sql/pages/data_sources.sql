-- What the pages were built from: files, rows and the period the data cover (for O*NET its release).
select
    'Job postings' as dataset,
    string_agg(distinct source_file, ', ' order by source_file) as files,
    count(*) as records,
    'posted ' || coalesce(min(date_posted)::varchar || ' to ' || max(date_posted)::varchar, 'on dates not given') as period
from staging.postings
union all
select
    'Resumes',
    string_agg(distinct source_file, ', ' order by source_file),
    count(*),
    coalesce('latest jobs ending ' || min(work_end_date)::varchar || ' to ' || max(work_end_date)::varchar, 'dates not given')
from staging.resumes
union all
select
    'O*NET occupations and tasks',
    string_agg(distinct source_file, ', ' order by source_file),
    count(*),
    concat_ws(
        '; ',
        (
            select
                case
                    when version is null then 'release not known'
                    else database_name || coalesce(', ' || release_month || ' Release', '')
                end
            from staging.onet_release
        ),
        (
            select 'tasks rated ' || strftime(min(strptime(date, '%m/%Y')), '%Y-%m') || ' to '
                || strftime(max(strptime(date, '%m/%Y')), '%Y-%m')
            from staging.onet_task_statements
            where date similar to '[0-9]{2}/[0-9]{4}'
        )
    )
from staging.onet_occupations
union all
select
    'BLS OEWS wages',
    string_agg(distinct source_file, ', ' order by source_file),
    count(*),
    'May ' || coalesce(string_agg(distinct release_year::varchar, ', ' order by release_year::varchar), 'estimates (year not in the file name)')
from staging.oews_wages
