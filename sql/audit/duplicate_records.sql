-- Records dropped as exact duplicates of an accepted document, and which document they repeat.
with resume_duplicates as (
    select
        'resumes' as source,
        r.source_file,
        r.record_position,
        kept.resume_id as duplicate_of,
        kept.source_file as duplicate_of_file,
        kept.record_position as duplicate_of_position
    from read_parquet($resume_records, union_by_name = true) as r
    inner join staging.resumes as kept on r.text_hash = kept.text_hash
    where (r.source_file, r.record_position) != (kept.source_file, kept.record_position)
),

posting_duplicates as (
    select
        'postings' as source,
        p.source_file,
        p.record_position,
        kept.posting_id as duplicate_of,
        kept.source_file as duplicate_of_file,
        kept.record_position as duplicate_of_position
    from read_parquet($posting_records, union_by_name = true) as p
    inner join staging.postings as kept on p.text_hash = kept.text_hash
    where (p.source_file, p.record_position) != (kept.source_file, kept.record_position)
)

select * from resume_duplicates
union all
select * from posting_duplicates
order by source, source_file, record_position
