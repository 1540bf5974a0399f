-- The skill names found in each resume, written once for the example marts (marts.skill_examples,
-- marts.responsibility_examples): the scrubber never takes a skill the resume names for a person's name.
-- Ordered by skill, so the same documents give the same list on every build.
select doc_id as resume_id, flatten(list(forms order by skill_id)) as forms
from staging.document_skills
where doc_type = 'resume'
group by doc_id
order by resume_id
