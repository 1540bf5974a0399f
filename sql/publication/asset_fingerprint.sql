-- The row recorded for an asset: with $this_run, the one build $run_id recorded (or, for an asset it
-- carried over, the row of the build that computed it); else the published copy's, the latest row of
-- an earlier build.
select fingerprint, reused, run_id = $run_id as this_build
from audit.asset_inputs
where asset = $asset and ($this_run or run_id <> $run_id)
order by run_id = $run_id desc, recorded_at desc
limit 1
