-- The skill names found in each resume, written once for the example marts (marts.skill_examples,
-- marts.responsibility_examples): the scrubber never takes a skill the resume names for a person's name.
select doc_id as resume_id, flatten(list(forms)) as forms
from staging.document_skills
where doc_type = 'resume'
group by doc_id
order by resume_id
