select posting_id as doc_id, title || '\n' || description as text, skills_raw, []::varchar[] as bullets, company
from staging.postings
order by posting_id
