-- One row per distinct posting: exact duplicates (same title and normalised description) keep their
-- first occurrence; conflicting identifiers are quarantined by quarantine/rejected_records.sql.
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
    qualify row_number() over (partition by posting_id order by source_file, record_position) = 1
)

select
    posting_id,
    source_file,
    record_position,
    source_format,
    title,
    description,
    bullets,
    company,
    location,
    industry_raw,
    sector_raw,
    occupational_category_raw,
    salary_raw,
    education_raw,
    skills_raw,
    employment_type,
    date_posted,
    education_level,
    salary_min,
    salary_max,
    salary_period,
    salary_currency,
    salary_is_estimate,
    salary_min_annual,
    salary_max_annual,
    salary_annual,
    text_hash
from final
order by source_file, record_position
