-- Every ingested resume and posting record the occupation coder reads: its stated title, the resume's
-- category label and the document's own text (a structured resume's text is the candidate's columns).
-- In no order: a coding depends on its document only and staging.title_occupations orders them, and
-- sorting every document with its text held up to DuckDB's memory limit and spilled the rest.
select 'resumes' as source, source_file, record_position, title, category, text
from read_parquet($resume_records, union_by_name = true)
union all
select 'postings', source_file, record_position, title, null, description
from read_parquet($posting_records, union_by_name = true)
