-- Every occupation; has_page when its resumes or its postings reach the minimum n.
select
    occupation_code,
    soc_code,
    title,
    occupation_group,
    description,
    n_resumes,
    n_postings,
    n_postings_with_text,
    n_resumes >= $min_docs or n_postings >= $min_docs as has_page
from marts.occupations
order by occupation_group, title
