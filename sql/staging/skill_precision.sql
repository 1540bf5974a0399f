-- Measured extraction error per skill on the hand-labelled gold documents (bench/gold), from
-- reference/skill_precision.csv (written by bench/skills_gold.py --write-precision): precision with a
-- 95% Wilson interval, and the sensitivity and specificity Rogan-Gladen corrections need.
with counts as (
    select
        skill_id,
        extracted::bigint as extracted,
        correct::bigint as correct,
        named::bigint as named,
        found::bigint as found,
        gold_documents::bigint as gold_documents
    from read_csv($precision, header = true, all_varchar = true)
),

rates as (
    select
        *,
        correct / extracted as precision
    from counts
    where extracted > 0
)

select
    skill_id,
    extracted,
    correct,
    precision,
    wilson_low(precision, extracted) as precision_low,
    wilson_high(precision, extracted) as precision_high,
    named,
    found,
    gold_documents,
    case when named > 0 then found / named end as sensitivity,
    case when gold_documents > named then 1 - (extracted - correct) / (gold_documents - named) end as specificity,
    extracted >= $min_judged as measured
from rates
order by skill_id
