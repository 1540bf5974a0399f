-- The build that computed an asset's tables as the build file holds them: the latest earlier build
-- that recorded the asset not reused (a reused copy is what an earlier build computed).
select run_id
from audit.asset_inputs
where asset = $asset and not reused and run_id <> $run_id
order by recorded_at desc
limit 1
