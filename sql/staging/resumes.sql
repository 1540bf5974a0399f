-- One row per distinct resume. Exact duplicates (same normalised text) keep their first occurrence
-- in file and position order; of rows that share a resume_id but not a text, the first is kept and
-- the rest are quarantined by quarantine/rejected_records.sql.
with records as (
    select * from read_parquet($records, union_by_name = true)
),

first_of_text as (
    select *
    from records
    qualify row_number() over (partition by text_hash order by source_file, record_position) = 1
),

final as (
    select *
    from first_of_text
    qualify row_number() over (partition by resume_id order by source_file, record_position) = 1
)

select
    resume_id,
    source_file,
    record_position,
    source_format,
    title,
    category,
    text,
    bullets,
    education_raw,
    skills_raw,
    positions,
    work_start_date,
    work_end_date,
    education_level,
    text_hash
from final
order by source_file, record_position
