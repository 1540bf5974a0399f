-- What skill extraction reads per resume: the text, the listed skills and the bullets (evidence). In no
-- order: a document's skills depend on it alone and staging.document_skills orders them.
select resume_id as doc_id, text, skills_raw, bullets from staging.resumes
