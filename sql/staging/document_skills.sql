-- One row per document and skill: found in the text, in a structured skills field, or both, with the
-- surface forms it was found by; for resumes the first bullet that mentions it. The step writes each
-- document's matches already grouped to this grain (pipelines/skills/steps.py distinct_skills) and
-- keeps them per document, so a rebuild reads the kept rows instead of grouping every match again.
select
    doc_type,
    doc_id,
    skill_id,
    in_text,
    in_skills_field,
    forms,
    evidence
from read_parquet($parts, union_by_name = true)
order by doc_type, doc_id, skill_id
