-- Whether a skill is withheld from published shares and lists: its extraction precision, measured on
-- the hand-labelled gold documents (staging.skill_precision), is below min_precision. An unmeasured
-- skill is not withheld.
create or replace temp macro skill_withheld(is_measured, measured_precision, min_precision) as
    coalesce(is_measured and measured_precision < min_precision, false);
