-- Every record that was read but not accepted: rejected by its parser (from the ingestion rejects)
-- or, for resumes and postings, dropped because its identifier was already taken by another text.
with parser_rejects as (
    select source, source_file, record_position, reason, raw_record
    from read_parquet($reject_files, union_by_name = true)
),

resume_conflicts as (
    select
        'resumes' as source,
        r.source_file,
        r.record_position,
        'conflicting identifier: resume_id ' || r.resume_id || ' already used by a different text' as reason,
        to_json(struct_pack(resume_id := r.resume_id, title := r.title, text := r.text))::varchar as raw_record
    from read_parquet($resume_records, union_by_name = true) as r
    anti join staging.resumes as kept using (source_file, record_position)
    where r.text_hash not in (select text_hash from staging.resumes)
),

posting_conflicts as (
    select
        'postings' as source,
        p.source_file,
        p.record_position,
        'conflicting identifier: posting_id ' || p.posting_id || ' already used by a different text' as reason,
        to_json(struct_pack(posting_id := p.posting_id, title := p.title, description := p.description))::varchar
            as raw_record
    from read_parquet($posting_records, union_by_name = true) as p
    anti join staging.postings as kept using (source_file, record_position)
    where p.text_hash not in (select text_hash from staging.postings)
)

select * from parser_rejects
union all
select * from resume_conflicts
union all
select * from posting_conflicts
order by source, source_file, record_position
