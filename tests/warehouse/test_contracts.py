"""Table contracts: every table has one beside its SQL, lineage comes from the SQL, and a contract that
cannot be used as written fails loudly."""

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import SQL_DIR
from pipelines.definitions import defs
from pipelines.settings import Settings
from pipelines.warehouse.assets import column_lineage
from pipelines.warehouse.build import StepContext, define_macros
from pipelines.warehouse.contracts import ContractError, columns_read, contracts, load_contract, tables_read

NOT_TABLES = {"inputs", "pages", "macros", "report", "publication"}


def test_every_table_sql_has_a_contract_and_every_contract_a_table():
    sql = {f"{p.parent.name}.{p.stem}" for p in SQL_DIR.glob("*/*.sql") if p.parent.name not in NOT_TABLES}
    tables = {name for name, c in contracts().items() if not c.log}
    assert sql == tables


def test_every_table_asset_declares_what_its_sql_reads():
    graph = defs.resolve_asset_graph()
    for contract in contracts().values():
        if contract.log:
            continue
        parents = {k.to_user_string() for k in graph.get(dg.AssetKey(contract.asset_path)).parent_keys}
        read = {t.replace(".", "/") for t in contract.tables_read()}
        assert read <= parents, f"{contract.name} reads {read - parents} without declaring it"


def _plan_with_only(built: Path, sql: str, params: dict, declared: set[str], sql_dir: Path = SQL_DIR) -> str:
    """Plan ``sql`` (EXPLAIN: DuckDB's binder, macros expanded) where only the ``declared`` tables exist,
    empty, with the columns the build gave them: the binder's error when the SQL needs a table beyond
    them, else an empty string."""
    con = duckdb.connect()
    con.execute(f"attach '{built}' as built (read_only)")
    for name in sorted(declared):
        con.execute(f"create schema if not exists {name.split('.')[0]}")
        con.execute(f"create table {name} as select * from built.{name} limit 0")
    con.execute("detach built")
    try:
        # a table macro binds the tables it reads when it is created
        define_macros(con, sql_dir)
        con.execute(f"explain {sql}", {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)})
    except duckdb.CatalogException as exc:
        return str(exc)
    finally:
        con.close()
    return ""


def test_every_table_reads_only_what_its_asset_declares_as_duckdb_binds_it(sample_build):
    # The parse tree cannot see a table read inside a macro or a table function (query_table): the
    # binder does. Tables that read a step's work files (gone once the build is published) are read
    # by the parse tree only, above.
    warehouse, _ = sample_build
    built = Path(warehouse.settings.warehouse)
    graph = defs.resolve_asset_graph()
    checked = []
    for contract in contracts().values():
        if contract.log or any(p.kind in ("work", "cache") for p in contract.parameters):
            continue
        parents = graph.get(dg.AssetKey(contract.asset_path)).parent_keys
        declared = {".".join(k.path) for k in parents if k.path[0] not in ("ingest", "publish")}
        error = _plan_with_only(built, contract.sql(), contract.bind(warehouse.settings), declared)
        assert not error, f"{contract.name} reads beyond what its asset declares: {error}"
        checked.append(contract.name)
    assert {c for c in contracts() if c.startswith("marts.")} <= set(checked)


def test_a_read_hidden_from_the_parse_tree_is_found_by_the_binder(tmp_path: Path):
    built = tmp_path / "built.duckdb"
    with duckdb.connect(str(built)) as con:
        con.execute("create schema staging")
        con.execute("create table staging.postings as select 'p1' as posting_id")
        con.execute("create table staging.secret as select 'p1' as posting_id")
    macros = tmp_path / "macros"
    macros.mkdir()
    (macros / "hidden.sql").write_text(
        "create temp macro hidden_rows() as table select * from staging.secret;"
    )
    for sql in (
        "select * from staging.postings where posting_id in (select posting_id from hidden_rows())",
        "select * from staging.postings, query_table('staging.secret')",
    ):
        assert tables_read(sql) == {"staging.postings"}
        assert "secret" in _plan_with_only(built, sql, {}, {"staging.postings"}, tmp_path)
        assert not _plan_with_only(built, sql, {}, {"staging.postings", "staging.secret"}, tmp_path)


def test_folder_group_and_key_prefix_agree():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).group_name == key.path[0]


def test_lineage_is_read_from_the_sql_and_ctes_are_not_tables():
    sql = """
        with recent as (select * from staging.postings where date_posted > '2024-01-01')
        select r.*, o.title from recent as r join staging.onet_occupations as o using (occupation_code)
        where r.posting_id in (select doc_id from staging.document_skills)
    """
    assert tables_read(sql) == {"staging.postings", "staging.onet_occupations", "staging.document_skills"}


def test_an_unqualified_table_is_an_error_not_a_guess():
    with pytest.raises(ContractError, match=r"schema\.table"):
        tables_read("select * from postings")


def _write(folder: Path, toml: str, sql: str = "select 1 as id") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.sql").write_text(sql)
    path = folder / "t.toml"
    path.write_text(toml)
    return path


def test_a_contract_with_a_typo_or_an_undocumented_key_is_refused(tmp_path: Path):
    typo = _write(tmp_path / "marts", 'description = "x"\ndescriptoin = "y"\n[columns]\nid = "id"\n')
    with pytest.raises(ContractError, match="unknown fields"):
        load_contract(typo, tmp_path)
    key = _write(tmp_path / "staging", 'description = "x"\n[key]\ncolumns = ["nope"]\n[columns]\nid = "id"\n')
    with pytest.raises(ContractError, match="not in \\[columns\\]"):
        load_contract(key, tmp_path)
    no_sql = tmp_path / "audit" / "t.toml"
    no_sql.parent.mkdir()
    no_sql.write_text('description = "x"\n[columns]\nid = "id"\n')
    with pytest.raises(ContractError, match=r"no t\.sql"):
        load_contract(no_sql, tmp_path)
    # a table updated in place names the work parts its SQL selects, not a setting
    updates = _write(
        tmp_path / "mixed",
        'description = "x"\nupdates = "n"\n[parameters]\nn = { setting = "min_docs" }\n[columns]\nid = "id"\n',
    )
    with pytest.raises(ContractError, match="not a work parameter"):
        load_contract(updates, tmp_path)


def test_parameters_bind_settings_work_files_repository_files_and_constants(tmp_path: Path):
    path = _write(
        tmp_path / "marts",
        'description = "x"\n[parameters]\n'
        'n = { setting = "min_docs" }\n'
        'parts = { work = "x/*.parquet", producers = ["ingest/resumes"] }\n'
        'model = { cache = "x/model.pickle" }\n'
        'crosswalk = { repository = "reference/industry_crosswalk.csv" }\n'
        'levels = { python = "pipelines.documents.education:LEVELS" }\n'
        'k = { value = 3 }\n[columns]\nid = "id"\n',
    )
    contract = load_contract(path, tmp_path)
    settings = Settings(raw_dir=str(tmp_path / "raw"), warehouse=str(tmp_path / "w.duckdb"), min_docs=7)
    bound = contract.bind(settings)
    assert bound["n"] == 7 and bound["k"] == 3
    assert bound["parts"] == str(tmp_path / "w.build" / "work" / "x" / "*.parquet")
    assert bound["model"] == str(tmp_path / "w.cache" / "x" / "model.pickle")
    assert bound["crosswalk"].endswith("reference/industry_crosswalk.csv")
    assert bound["levels"][0] == "less_than_high_school" and isinstance(bound["levels"], list)
    assert contract.producers() == {"ingest/resumes"}


def test_a_step_reads_only_the_inputs_its_contract_declares(tmp_path: Path):
    contract = contracts()["staging.title_occupations"]
    settings = Settings(raw_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"))
    ctx = StepContext((contract,), settings, duckdb.connect(), log=print)
    with pytest.raises(ContractError, match="not in its inputs"):
        ctx.query("skill_aliases")


def test_a_steps_work_and_cache_paths_are_its_contracts_parameters(tmp_path: Path):
    settings = Settings(raw_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"))
    layout = settings.layout
    for table in ("title_occupations", "document_skills"):
        ctx = StepContext((contracts()[f"staging.{table}"],), settings, duckdb.connect(), log=print)
        # the memo folders are where earlier builds kept them, under the cache beside the warehouse
        assert ctx.param_path("memo") == layout.cache_dir / table and layout.cache_dir.is_dir()
    parts = ctx.param_path("parts")
    assert parts == layout.work_dir / "document_skills" / "*.parquet" and parts.parent.is_dir()


def test_a_reference_check_runs_after_the_table_it_references_is_built():
    graph = defs.resolve_asset_graph()
    for contract in contracts().values():
        for ref in contract.references:
            key = dg.AssetCheckKey(dg.AssetKey(contract.asset_path), ref.check)
            assert dg.AssetKey(ref.table.split(".")) in graph.get(key).parent_entity_keys, key


def test_column_lineage_is_read_through_ctes_subqueries_and_unions():
    sql = """
    with described as (
        select posting_id as doc_id, description from staging.postings
        union all
        select resume_id, resume_text from staging.resumes
    )
    select
        d.doc_id,
        upper(o.title) as occupation,
        length(description) as chars,
        count(*) as n,
        (select max(title) from staging.onet_occupations) as newest
    from described as d
    join (select occupation_code, title from staging.onet_occupations) as o on true
    group by all
    """
    assert columns_read(sql) == {
        "doc_id": [("staging.postings", "posting_id"), ("staging.resumes", "resume_id")],
        "occupation": [("staging.onet_occupations", "title")],
    }
    # one plain table: a bare column is that table's
    assert columns_read("select title, 1 as one from staging.postings") == {
        "title": [("staging.postings", "title")]
    }


def test_table_assets_carry_column_lineage_from_their_sql():
    lineage = column_lineage(contracts()["staging.occupation_documents"])
    assert lineage is not None
    deps = {(d.asset_key.to_user_string(), d.column_name) for d in lineage.deps_by_column["doc_id"]}
    assert deps == {("staging/resumes", "resume_id"), ("staging/postings", "posting_id")}
