-- One row per distinct resume. Exact duplicates (same normalised text) keep their first occurrence
-- in file and position order; of rows that share a resume_id but not a text, the first is kept and
-- the rest are quarantined by quarantine/rejected_records.sql. The occupation is the coder's reading
-- of the record's title and text; the title is the role the person states, the data set's category
-- label only when none is stated (title_source says which).
with records as (
    select * from read_parquet($records, union_by_name = true)
),

first_of_text as (
    select *
    from records
    qualify first_read(text_hash, source_file, record_position)
),

final as (
    select *
    from first_of_text
    qualify first_read(resume_id, source_file, record_position)
)

select
    final.resume_id,
    final.source_file,
    final.record_position,
    final.source_format,
    final.title,
    final.title_source,
    titles.occupation_code,
    titles.soc_code,
    final.category,
    final.text,
    final.bullets,
    final.education_raw,
    final.skills_raw,
    final.positions,
    final.location,
    final.work_start_date,
    final.work_end_date,
    final.education_level,
    final.set_apart,
    final.text_hash
from final
left join staging.title_occupations as titles
    on final.source_file = titles.source_file and final.record_position = titles.record_position
order by final.source_file, final.record_position
