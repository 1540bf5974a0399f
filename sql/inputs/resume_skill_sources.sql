-- What skill extraction reads per resume: the text, the listed skills and the bullets (evidence).
select resume_id as doc_id, text, skills_raw, bullets from staging.resumes order by resume_id
