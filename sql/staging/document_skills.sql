-- One row per document and skill: found in the text, in a structured skills field, or both, with the
-- surface forms it was found by; for resumes the first bullet that mentions it.
with found as (
    select * from read_parquet($parts, union_by_name = true)
)

select
    doc_type,
    doc_id,
    skill_id,
    bool_or(in_text) as in_text,
    bool_or(in_skills_field) as in_skills_field,
    list_sort(list_distinct(flatten(list(forms)))) as forms,
    min(evidence) filter (where evidence is not null) as evidence
from found
group by doc_type, doc_id, skill_id
order by doc_type, doc_id, skill_id
