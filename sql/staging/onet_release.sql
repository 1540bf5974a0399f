-- The O*NET release in raw/onet as its Read Me.txt names it ("O*NET 29.2 Database" then
-- "February 2025 Release"): always one row, which says why when the release is not known.
with readme as (
    select
        'onet/' || regexp_extract(filename, '[^/\\]+$') as source_file,
        nullif(regexp_extract(content, 'O\*NET\s+([0-9]+(\.[0-9]+)*)\s+Database', 1), '') as version,
        nullif(regexp_extract(content, '([A-Z][a-z]+\s+[0-9]{4})\s+Release', 1), '') as release_month
    from read_text($readme)
    order by filename
    limit 1
)

-- an aggregate without group by: one row even when the folder has no Read Me
select
    max(version) as version,
    max(release_month) as release_month,
    coalesce('O*NET ' || max(version) || ' Database', 'O*NET Database') as database_name,
    max(source_file) as source_file,
    case
        when count(*) = 0 then 'raw/onet has no Read Me.txt naming the release'
        when max(version) is null then max(source_file) || ' names no O*NET release'
    end as unknown_reason
from readme
