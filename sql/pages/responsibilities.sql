-- Example responsibilities per occupation, in rank order.
select occupation_code, rank, example, n_resumes
from marts.responsibility_examples
order by occupation_code, rank
