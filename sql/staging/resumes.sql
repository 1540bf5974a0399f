-- One row per distinct resume. Exact duplicates (same normalised text) keep their first occurrence
-- in file and position order; of rows that share a resume_id but not a text, the first is kept and
-- the rest are quarantined by quarantine/rejected_records.sql. The occupation is the coder's reading
-- of the record's title and text; the title is the role the person states, the data set's category
-- label only when none is stated (title_source says which).
-- Which records are kept is decided on their keys alone: carrying every column (the texts) through the
-- two window sorts cost several times more than reading the kept records' columns once more.
with record_keys as (
    select text_hash, resume_id, source_file, record_position
    from read_parquet($records, union_by_name = true)
),

first_of_text as (
    select *
    from record_keys
    qualify first_read(text_hash, source_file, record_position)
),

kept as (
    select source_file, record_position
    from first_of_text
    qualify first_read(resume_id, source_file, record_position)
),

-- the coder's occupation joined on the keys too, so no hash table holds the texts
coded as (
    select kept.source_file, kept.record_position, titles.occupation_code, titles.soc_code
    from kept
    left join staging.title_occupations as titles
        on kept.source_file = titles.source_file and kept.record_position = titles.record_position
),

final as (
    select records.*, coded.occupation_code as coded_occupation_code, coded.soc_code as coded_soc_code
    from read_parquet($records, union_by_name = true) as records
    inner join coded using (source_file, record_position)
)

select
    final.resume_id,
    final.source_file,
    final.record_position,
    final.source_format,
    final.title,
    final.title_source,
    final.coded_occupation_code as occupation_code,
    final.coded_soc_code as soc_code,
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
order by final.source_file, final.record_position
