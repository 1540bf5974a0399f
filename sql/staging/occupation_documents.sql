-- Every distinct resume and posting the coder gave an occupation, in the one shape the marts count
-- documents in: resumes and postings are unioned here, once.
select
    'resumes' as source,
    'resume' as doc_type,
    resume_id as doc_id,
    occupation_code,
    source_file,
    record_position,
    true as has_text  -- a resume without text of its own is rejected when it is read
from staging.resumes
where occupation_code is not null
union all
select 'postings', 'posting', posting_id, occupation_code, source_file, record_position, description is not null
from staging.postings
where occupation_code is not null
-- resumes first, then postings, each in file order: the order the marts' floating-point sums add in
order by source desc, source_file, record_position
