-- Why a pay figure is withheld (null: it is shown), the same for the headline and the industry cells:
-- too few postings state a salary; OEWS top-coded the mean, released none, or rests on small
-- employment or a high relative standard error. The top code is the release's own (its footnote 5):
-- BLS has raised it over the years, so no one amount is named.
create or replace temp macro postings_withheld(n, min_n) as
    case when n < min_n then 'fewer than ' || min_n || ' postings state a salary' end;
create or replace temp macro oews_withheld(top_coded, mean, employment, prse, min_employment, max_prse) as
    case
        when top_coded then 'top-coded by BLS (at or above the release''s top code)'
        when mean is null then 'no mean released by BLS'
        when employment < min_employment then 'employment below ' || min_employment
        when prse > max_prse then 'relative standard error above ' || max_prse || '%'
    end;
