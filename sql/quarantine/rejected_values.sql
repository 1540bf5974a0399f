-- Salaries that could not be parsed or are implausible once annualised: the posting is kept with null
-- salary columns, and the value is listed here with the reason.
select
    'postings' as source,
    source_file,
    record_position,
    posting_id as document_id,
    'salary' as field,
    salary_raw as raw_value,
    salary_error as reason
from read_parquet($posting_records, union_by_name = true)
where salary_error is not null
order by source_file, record_position
