-- Values dropped from kept records: an impossible or implausible date, an unreadable number, an
-- unknown pay period, a salary that cannot be parsed or is implausible once annualised, a field of
-- the wrong type. The record is in staging.resumes or staging.postings with that field empty.
with resume_values as (
    select 'resumes' as source, source_file, record_position, resume_id as document_id, unnest(value_errors) as v
    from read_parquet($resume_records, union_by_name = true)
),

posting_values as (
    select 'postings' as source, source_file, record_position, posting_id as document_id, unnest(value_errors) as v
    from read_parquet($posting_records, union_by_name = true)
)

-- order by binds `field` only to an explicit alias, so v.field keeps its (for sqlfluff, redundant) one
select source, source_file, record_position, document_id, v.field as field, v.value as raw_value, v.reason  -- noqa: AL09
from (select * from resume_values union all select * from posting_values) as document_values
order by source, source_file, record_position, field
