-- Every distinct title of the ingested resumes and postings: the titles the matcher must map.
select distinct title
from (
    select title from read_parquet($resume_records, union_by_name = true)
    union all
    -- a resume's category label is its occupation's fallback when the stated title names none
    select category from read_parquet($resume_records, union_by_name = true)
    union all
    select title from read_parquet($posting_records, union_by_name = true)
)
where title is not null
order by title
