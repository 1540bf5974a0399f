-- One row per distinct resume. Exact duplicates (same normalised text) keep their first occurrence
-- in file and position order; of rows that share a resume_id but not a text, the first is kept and
-- the rest are quarantined by quarantine/rejected_records.sql. The occupation comes from the title
-- the person states; the data set's category label is the fallback when that names no occupation.
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
    final.resume_id,
    final.source_file,
    final.record_position,
    final.source_format,
    case when stated.occupation_code is null and by_category.occupation_code is not null
        then final.category else coalesce(final.title, final.category) end as title,
    case when stated.occupation_code is null and by_category.occupation_code is not null
        then 'category' when final.title is not null then final.title_source
        when final.category is not null then 'category' end as title_source,
    coalesce(stated.occupation_code, by_category.occupation_code) as occupation_code,
    coalesce(stated.soc_code, by_category.soc_code) as soc_code,
    final.category,
    final.text,
    final.bullets,
    final.education_raw,
    final.skills_raw,
    final.positions,
    final.work_start_date,
    final.work_end_date,
    final.education_level,
    final.set_apart,
    final.text_hash
from final
left join staging.title_occupations as stated on final.title = stated.title
left join staging.title_occupations as by_category on final.category = by_category.title
order by final.source_file, final.record_position
