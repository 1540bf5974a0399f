-- What skill extraction reads per posting: its title and description, listed skills and company. In no
-- order: a document's skills depend on it alone and staging.document_skills orders them.
select posting_id as doc_id, title || '\n' || description as text, skills_raw, []::varchar[] as bullets, company
from staging.postings
