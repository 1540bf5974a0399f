-- The 95% Wilson score interval of a share of n observations. The bounds always enclose the share; the
-- clamps only undo floating-point rounding at 0 and 1.
create or replace temp macro z95() as 1.959963984540054;

create or replace temp macro wilson_low(share, n) as least(share, greatest(0.0,
    (share + z95() * z95() / (2 * n)) / (1 + z95() * z95() / n)
    - z95() * sqrt(share * (1 - share) / n + z95() * z95() / (4 * n * n)) / (1 + z95() * z95() / n)
));

create or replace temp macro wilson_high(share, n) as greatest(share, least(1.0,
    (share + z95() * z95() / (2 * n)) / (1 + z95() * z95() / n)
    + z95() * sqrt(share * (1 - share) / n + z95() * z95() / (4 * n * n)) / (1 + z95() * z95() / n)
));
