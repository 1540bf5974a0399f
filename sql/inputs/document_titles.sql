-- Every distinct title of the ingested resumes and postings: the titles the matcher must map.
select distinct title
from (
    select title from read_parquet($resume_records, union_by_name = true)
    union all
    select title from read_parquet($posting_records, union_by_name = true)
)
where title is not null
order by title
