import csv
import re

import duckdb
import pytest

from pipelines.settings import REFERENCE_DIR
from pipelines.titles.index import TitleIndex, index_form, specialist_forms, title_forms
from tests.conftest import SHARED_DATA, requires_shared

TITLE_CORRECTIONS = REFERENCE_DIR / "title_corrections.csv"

OCCUPATIONS = [
    ("Data Scientists", "15-2051.00"),
    ("Software Developers", "15-1252.00"),
    ("Registered Nurses", "29-1141.00"),
    ("Computer and Information Systems Managers", "11-3021.00"),
    ("Information Security Analysts", "15-1212.00"),
    ("Security Managers", "11-3013.01"),
    ("Statisticians", "15-2041.00"),
    ("Producers and Directors", "27-2012.00"),
]
ALTERNATES = [
    ("Java Developer", "15-1252.00"),
    ("Software Engineer", "15-1252.00"),
    ("Machine Learning Scientist", "15-2051.00"),
    ("ICU Nurse", "29-1141.00"),
    ("Vice President of Information Security", "11-3021.00"),
    ("Chief Security Officer (CSO)", "11-3013.01"),
    ("Data Analyst", "15-2051.00"),
    ("Data Analyst", "15-2041.00"),
    ("Director", "27-2012.00"),
    # as in O*NET, "director" ends many titles (over 500 there): alone it names no occupation
    *((f"Region{i} Director", "27-2012.00") for i in range(100)),
]
PRIORS = {"15-2051": 200_000.0, "15-2041": 30_000.0}


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return TitleIndex(OCCUPATIONS, ALTERNATES, priors=PRIORS)


def test_index_form_singular_lower_no_brackets():
    assert index_form("Chief Security Officer (CSO)") == "chief security officer"
    assert index_form("Data Scientists") == "data scientist"


def test_title_forms_strip_noise_at_the_edges_only():
    assert "data scientist" in title_forms("Sr. Data Scientist II - NLP (Remote)")
    assert "registered nurse" in title_forms("Registered Nurse - ICU - Nights")
    assert "java developer" in title_forms("Lead Java Developer, Austin TX")
    assert "vice president information security" in title_forms("VP, Information Security")
    assert title_forms("Shift Supervisor")[0] == "shift supervisor"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Sr. Data Scientist II - NLP (Remote)", "15-2051.00"),
        ("Lead Java Developer, Austin TX", "15-1252.00"),
        ("Registered Nurse - ICU - Nights", "29-1141.00"),
        ("RN", "29-1141.00"),
        ("CSO", "11-3013.01"),
        ("data scientist/ML engineer", "15-2051.00"),
        ("SOFTWARE ENGINEER III (CONTRACT)", "15-1252.00"),
        ("Healthcare Data Scientist", "15-2051.00"),
        ("Associate Machine Learning Scientist", "15-2051.00"),
    ],
)
def test_noisy_titles_map(index: TitleIndex, title: str, code: str):
    match = index.match_many([title])[0]
    assert match.occupation_code == code
    assert match.soc_code == code[:7]
    assert match.score >= index.threshold


def test_vp_prefix_joins_the_next_segment(index: TitleIndex):
    match = index.match_many(["VP, Information Security"])[0]
    assert (match.occupation_code, match.method) == ("11-3021.00", "fuzzy")


def test_ambiguous_title_uses_the_prior_and_scores_its_share(index: TitleIndex):
    match = index.match_many(["Data Analyst"])[0]
    assert match.candidate_code == "15-2051.00"
    assert match.score == pytest.approx(200 / 230, abs=1e-4)
    assert match.occupation_code == "15-2051.00"  # 0.8696 >= 0.86


def test_generic_fragment_and_nonsense_stay_unmapped(index: TitleIndex):
    director, nonsense = index.match_many(["Director II, Corporate Strategy", "Quantum Llama Whisperer"])
    assert director.occupation_code is None and director.candidate_code == "27-2012.00"
    assert director.score == pytest.approx(0.8)
    assert nonsense.occupation_code is None and nonsense.method == "below_threshold"


def test_own_title_beats_alternate_ambiguity():
    index = TitleIndex(
        [("Civil Engineers", "17-2051.00")],
        [("Civil Engineer", "17-2051.00"), ("Civil Engineer", "17-2199.00")],
    )
    assert index.match_many(["Civil Engineer"])[0].occupation_code == "17-2051.00"


def test_fuzzy_matching_keeps_the_head_word():
    index = TitleIndex([("Brokerage Clerks", "43-4011.00")], [("Client Associate", "43-4011.00")])
    # letter by letter "associate scientist" is 86% "client associate"; the worker is a scientist
    match = index.match_many(["Associate Scientist"])[0]
    assert match.occupation_code is None and match.candidate_code == "43-4011.00"
    # the same words in another order are the same title
    index = TitleIndex(
        [("Data Scientists", "15-2051.00")], [("Machine Learning Research Scientist", "15-2051.00")]
    )
    assert index.match_many(["Research Scientist-Machine Learning"])[0].occupation_code == "15-2051.00"


@pytest.mark.parametrize(
    ("title", "form"),
    [
        ("Data Science", "data scientist"),
        ("Web Designing", "web designer"),
        ("Electrical Engineering", "electrical engineer"),
        ("Principal Data Scientist with over 10 years experience", "data scientist"),
        ("Senior Data Scientist 4 Artificial Intelligence", "data scientist"),
    ],
)
def test_fields_qualifiers_and_inner_levels_give_the_worker(title: str, form: str):
    assert form in title_forms(title)


def test_a_named_field_maps_to_its_worker(index: TitleIndex):
    match = index.match_many(["Data Science"])[0]
    assert (match.occupation_code, match.title_normalised) == ("15-2051.00", "data scientist")


def test_an_empty_index_leaves_every_title_unmatched():
    assert TitleIndex([], []).match_many(["Data Scientist"])[0].method == "unmatched"


def test_sources_weigh_with_employment_when_a_title_names_several_occupations():
    occupations = [
        ("Environmental Engineers", "17-2081.00"),
        ("Environmental Scientists and Specialists", "19-2041.00"),
    ]
    alternates = [("Environmental Scientist", "17-2081.00"), ("Environmental Scientist", "19-2041.00")]
    priors = {"17-2081": 40_000.0, "19-2041": 30_000.0}
    by_employment = TitleIndex(occupations, alternates, priors=priors).match_many(
        ["Environmental Scientist"]
    )[0]
    assert by_employment.candidate_code == "17-2081.00"
    # three O*NET sources report the title for 19-2041, one for 17-2081: 90,000 against 40,000
    sources = {("Environmental Scientist", "17-2081.00"): 1, ("Environmental Scientist", "19-2041.00"): 3}
    match = TitleIndex(occupations, alternates, priors=priors, sources=sources).match_many(
        ["Environmental Scientist"]
    )[0]
    assert match.candidate_code == "19-2041.00" and match.score == pytest.approx(90 / 130, abs=1e-4)


@pytest.mark.parametrize(
    ("title", "form"),
    [
        ("Director of Engineering", "engineering director"),
        ("Software Engineering Intern", "software engineering"),
        ("Data Scientist in Translational Medicine", "data scientist"),
        ("Mobile App Developer", "mobile application developer"),
        ("Senior Data & Machine Learning Scientist", "data scientist"),
        ("Senior Data & Machine Learning Scientist", "machine learning scientist"),
        ("R&D Chemist", "r&d chemist"),
    ],
)
def test_inverted_titles_interns_and_qualifiers(title: str, form: str):
    assert form in title_forms(title)


@pytest.mark.parametrize(
    ("occupations", "alternates", "title"),
    [
        # both parts are known titles; the first names the job, the second its field
        (
            [("Data Scientists", "15-2051.00"), ("Health Information Technologists", "29-9021.00")],
            [("Health Data Analyst", "29-9021.00")],
            "Data Scientist - Health Data Analytics",
        ),
        # the first part matches by its head words (0.95), the second exactly (1.0): the first is confident
        (
            [
                ("Data Scientists", "15-2051.00"),
                ("Computer and Information Research Scientists", "15-1221.00"),
            ],
            [("Computer Scientist", "15-1221.00")],
            "Associate Data Scientist/Computer Scientist",
        ),
    ],
)
def test_the_first_confident_part_names_the_job(occupations, alternates, title):
    match = TitleIndex(occupations, alternates).match_many([title])[0]
    assert match.occupation_code == "15-2051.00"


def test_a_known_title_followed_by_a_field_is_that_title():
    index = TitleIndex(
        [("Data Scientists", "15-2051.00"), ("Managers, All Other", "11-9199.00")],
        [(f"Area{i} Manager", "11-9199.00") for i in range(30)],
    )
    oncology, manager = index.match_many(["Senior Data Scientist Oncology", "Data Scientist Manager"])
    assert oncology.occupation_code == "15-2051.00"
    assert oncology.score == pytest.approx(0.95)
    # "manager" names a kind of worker: the data scientist prefix does not decide
    assert manager.occupation_code != "15-2051.00"


def test_a_known_title_followed_by_a_worker_and_more_is_not_that_title():
    index = TitleIndex(
        [("Light Truck Drivers", "53-3033.00"), ("Heavy and Tractor-Trailer Truck Drivers", "53-3032.00")],
        [("Commercial Driver", "53-3033.00"), *((f"Route{i} Driver", "53-3032.00") for i in range(30))],
    )
    # the field after "commercial driver" holds a driver of its own: the prefix does not decide
    match = index.match_many(["Commercial Driver License A Driver OTR"])[0]
    assert match.occupation_code is None


def test_a_specific_single_word_part_is_not_generic():
    index = TitleIndex(
        [("Biostatisticians", "15-2041.01")],
        [*((f"Lab{i} Scientist", "19-1042.00") for i in range(100)), ("Scientist", "19-1042.00")],
    )
    biostatistician, scientist = index.match_many(
        ["Senior Scientist - Biostatistician", "Scientist, Biology"]
    )
    assert biostatistician.occupation_code == "15-2041.01"
    assert scientist.occupation_code is None and scientist.score == pytest.approx(0.8)


def test_bracketed_synonyms_are_keys_of_their_occupation():
    index = TitleIndex(
        [("Microbiologists", "19-1022.00"), ("Epidemiologists", "19-1041.00")],
        [
            ("Clinical Laboratory Scientist (Clinical Lab Scientist)", "19-1022.00"),
            ("Clinical Lab Scientist (Clinical Laboratory Scientist)", "19-1041.00"),
        ],
    )
    # "lab" is "laboratory", and each listing names both forms: two occupations share the title
    match = index.match_many(["Clinical Lab Scientist"])[0]
    assert match.occupation_code is None
    assert match.score == pytest.approx(0.5)


def test_corrections_override_o_net_and_withhold_ambiguous_titles():
    occupations = [
        ("Medical Scientists, Except Epidemiologists", "19-1042.00"),
        ("Medical and Clinical Laboratory Technologists", "29-2011.00"),
        ("Nursing Assistants", "31-1131.00"),
    ]
    alternates = [
        ("Medical Laboratory Scientist (Medical Lab Scientist)", "19-1042.00"),
        ("Med Tech (Medication Technician)", "31-1131.00"),
    ]
    corrections = [("Medical Laboratory Scientist", "29-2011.00"), ("Med Tech", None)]
    index = TitleIndex(occupations, alternates, corrections=corrections)
    lab, med_tech, med_tech_ii = index.match_many(["Medical Lab Scientist", "Med Tech", "Med Tech II"])
    assert (lab.occupation_code, lab.score) == ("29-2011.00", 1.0)
    assert med_tech.occupation_code is None and med_tech.candidate_code == "31-1131.00"
    assert med_tech_ii.occupation_code is None
    # without the correction O*NET's listing decides
    plain = TitleIndex(occupations, alternates).match_many(["Medical Lab Scientist", "Med Tech"])
    assert [m.occupation_code for m in plain] == ["19-1042.00", "31-1131.00"]


def test_the_repository_corrections_are_well_formed():
    with TITLE_CORRECTIONS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["reason"].strip() for r in rows)
    assert all(
        re.fullmatch(r"\d{2}-\d{4}\.\d{2}", r["occupation_code"]) for r in rows if r["occupation_code"]
    )
    keys = [index_form(r["title"]) for r in rows]
    assert len(keys) == len(set(keys))


@requires_shared
def test_each_correction_changes_what_o_net_alone_decides():
    with TITLE_CORRECTIONS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    onet = SHARED_DATA / "onet"

    def table(name: str) -> list[list[str]]:
        with (onet / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]

    occupations = [(r[1], r[0]) for r in table("Occupation Data.txt")]
    alternates = [(r[1], r[0]) for r in table("Alternate Titles.txt")]
    codes = {code for _, code in occupations}
    assert {r["occupation_code"] for r in rows if r["occupation_code"]} <= codes
    # employment weighs occupations that share a title, as in the pipeline
    priors = dict(
        duckdb.sql(
            "select occ_code, max(tot_emp)::double from read_csv($p) where industry_display_level = 0"
            " and tot_emp is not null group by 1",
            params={"p": str(SHARED_DATA / "oews" / "oews_may2025_national_industry.csv")},
        ).fetchall()
    )
    corrections = [(r["title"], r["occupation_code"] or None) for r in rows]
    plain = TitleIndex(occupations, alternates, priors=priors).match_many([r["title"] for r in rows])
    corrected = TitleIndex(occupations, alternates, priors=priors, corrections=corrections).match_many(
        [r["title"] for r in rows]
    )
    for row, before, after in zip(rows, plain, corrected, strict=True):
        assert after.occupation_code == (row["occupation_code"] or None)
        assert before.occupation_code != after.occupation_code, row["title"]


def test_a_field_after_the_title_proper_is_a_department():
    forms = title_forms("Tech Manager, Software Engineering - Data")
    assert "software engineering" in forms and "software engineer" not in forms
    assert "software engineer" in title_forms("Software Engineering")


def test_reordered_words_beat_an_ambiguous_part_and_units_drop_at_the_end():
    index = TitleIndex(
        [("Computer and Information Research Scientists", "15-1221.00"), ("Chemists", "19-2031.00")],
        [
            ("Machine Learning Research Scientist", "15-1221.00"),
            ("Research Scientist", "15-1221.00"),
            ("Research Scientist", "19-2031.00"),
        ],
    )
    # "research scientist" alone names two occupations; the field put before it names one
    match = index.match_many(["Research Scientist, Machine Learning Department"])[0]
    assert (match.occupation_code, match.title_normalised) == (
        "15-1221.00",
        "machine learning research scientist",
    )
    assert "research scientist" in title_forms("Research Scientist or Senior Research Scientist")
    assert title_forms("Team Lead")[0] == "team lead"


def test_a_leader_of_a_field_is_not_a_worker_in_it():
    index = TitleIndex([("Data Scientists", "15-2051.00"), ("Producers and Directors", "27-2012.00")], [])
    for title in ["Director, Data Science", "VP, Data Science", "Director Data Science"]:
        assert "data scientist" not in title_forms(title)
        assert index.match_many([title])[0].occupation_code != "15-2051.00"
    assert "data scientist" in title_forms("Senior Data Science")


def test_fuzzy_matches_must_keep_every_word():
    index = TitleIndex(
        [("Sales Engineers", "41-9031.00"), ("Software Developers", "15-1252.00")],
        [(".NET Developer", "15-1252.00")],
    )
    salvage, typo, dotnet = index.match_many(["Salvage Engineer", "Saless Engineer", "DotNet Developer"])
    # letters alike, words different: reported with its candidate, not mapped
    assert salvage.occupation_code is None and salvage.candidate_code == "41-9031.00"
    assert typo.occupation_code == "41-9031.00" and typo.method == "fuzzy"
    assert dotnet.occupation_code == "15-1252.00" and dotnet.method == "exact"


def test_bracketed_acronyms_are_not_keys():
    index = TitleIndex(
        [("Security Managers", "11-3013.01"), ("Security Guards", "33-9032.00")],
        [("Chief Security Officer (CSO)", "11-3013.01"), ("Campus Security Officer (CSO)", "33-9032.00")],
    )
    # "CSO" means both; only the full titles are keys, and "CSO" reads as chief security officer
    assert index.match_many(["CSO"])[0].occupation_code == "11-3013.01"


def test_typos_map_even_in_the_head_word_but_extra_words_do_not():
    index = TitleIndex(
        [("Data Scientists", "15-2051.00"), ("Regulatory Affairs Managers", "11-9199.01")],
        [("Vice President of Regulatory Affairs", "11-9199.01")],
    )
    typo_head, typo_modifier, generic = index.match_many(
        ["Data Scientst", "Dta Scientist", "Vice President, Operations"]
    )
    assert typo_head.occupation_code == "15-2051.00" and typo_head.method == "fuzzy"
    assert typo_modifier.occupation_code == "15-2051.00"
    # "vice president" is not "vice president of regulatory affairs": the matched title has words it lacks
    assert generic.occupation_code is None and generic.candidate_code == "11-9199.01"


def test_a_typo_in_a_modifier_does_not_hand_the_title_to_its_head():
    index = TitleIndex(
        [("Logisticians", "13-1081.00"), ("Financial and Investment Analysts", "13-2051.00")],
        [("Supply Chain Planning Analyst", "13-1081.00"), ("Planning Analyst", "13-2051.00")],
    )
    typo, head_only = index.match_many(["Suppy Chain Planning Analyst II", "Budget Planning Analyst"])
    assert (typo.occupation_code, typo.method) == ("13-1081.00", "fuzzy")
    assert head_only.occupation_code == "13-2051.00"


def test_accents_fold_and_unreadable_titles_stay_unmatched():
    assert index_form("Café Manager") == "cafe manager"
    assert "cafe manager" in title_forms("Café Manager - Nights")
    index = TitleIndex([("Data Scientists", "15-2051.00")], [])
    for title in ["", "---", "データサイエンティスト"]:
        assert index.match_many([title])[0].method == "unmatched"


def test_an_ambiguous_title_shows_the_other_occupations_it_names(index: TitleIndex):
    analyst, scientist = index.match_many(["Data Analyst", "Data Scientist"])
    assert (analyst.candidate_code, analyst.other_codes) == ("15-2051.00", ["15-2041.00"])
    assert scientist.other_codes == []


def test_a_known_word_is_not_a_misspelling_of_another():
    index = TitleIndex(
        [("Geoscientists", "19-2042.00"), ("Landscaping Workers", "37-3011.00")],
        [("Geologist", "19-2042.00"), ("Lawn Mower", "37-3011.00"), ("Gemologist Appraiser", "13-2023.00")],
    )
    gemologist, rower, typo = index.match_many(["Gemologist", "Lawn Rower", "Geolgist"])
    # one letter apart, but each is a word of its own: of the O*NET titles ("gemologist") or of English
    assert gemologist.occupation_code is None and gemologist.candidate_code == "19-2042.00"
    assert rower.occupation_code is None
    assert typo.occupation_code == "19-2042.00"


def test_a_title_ending_like_a_family_of_titles_is_of_their_occupation():
    index = TitleIndex(
        [("Architectural and Engineering Managers", "11-9041.00"), ("Architects", "17-1011.00")],
        [
            *((f"{field} Engineering Manager", "11-9041.00") for field in ("Civil", "Process", "Electrical")),
            ("Data Architect", "15-1243.00"),
            ("Landscape Architect", "17-1012.00"),
            ("Network Architect", "15-1241.00"),
            ("Mining Foreman", "47-1011.00"),
            ("Drilling Foreman", "47-1011.00"),
        ],
    )
    engineering, cloud, foreman = index.match_many(
        ["Senior Mechanical Engineering Manager", "Cloud Architect", "Pipeline Foreman"]
    )
    assert (engineering.occupation_code, engineering.method) == ("11-9041.00", "head")
    assert engineering.title_normalised == "engineering manager"
    # four titles end in "architect" and name four occupations: no family to follow
    assert cloud.occupation_code is None
    # two titles are too few to make a family
    assert foreman.occupation_code is None


def test_a_scientist_of_a_science_is_its_specialist():
    assert specialist_forms("Sr. Scientist, Toxicology") == ["toxicologist"]
    assert specialist_forms("Research Scientist/Team Lead, Medicinal Chemistry") == ["medicinal chemist"]
    assert specialist_forms("Scientist II - Physics") == ["physicist"]
    assert specialist_forms("Data Engineer, Biology") == []
    index = TitleIndex(
        [
            ("Microbiologists", "19-1022.00"),
            ("Chemists", "19-2031.00"),
            ("Physicians, All Other", "29-1229.00"),
        ],
        [("Bacteriologist", "19-1022.00"), ("Oncologist", "29-1229.00")],
    )
    bacteriology, chemistry, oncology = index.match_many(
        ["Scientist, Bacteriology", "Principal Scientist - Chemistry", "Senior Scientist, Oncology"]
    )
    assert bacteriology.occupation_code == "19-1022.00"
    assert chemistry.occupation_code == "19-2031.00"
    # an oncologist is a physician: a scientist working on oncology is not one
    assert oncology.occupation_code is None


def test_a_product_before_a_title_leaves_the_occupation_when_the_occupation_uses_it():
    index = TitleIndex(
        [("Software Developers", "15-1252.00"), ("Office Clerks, General", "43-9061.00")],
        [("Developer", "15-1252.00"), ("Clerk", "43-9061.00")],
        technologies=[
            ("SAP software", "15-1252.00"),
            ("Salesforce software", "15-1252.00"),
            ("Medical records software", "29-2072.00"),
            ("Microsoft Project", "15-1252.00"),
        ],
    )
    sap, salesforce, records, project = index.match_many(
        ["SAP Developer", "Senior Salesforce Developer", "Medical Records Clerk", "Project Developer"]
    )
    assert (sap.occupation_code, sap.method, sap.title_normalised) == ("15-1252.00", "head", "developer")
    assert salesforce.occupation_code == "15-1252.00"
    # clerks do not use the product: medical records name another kind of clerk
    assert records.occupation_code is None
    # "project" is a plain word before it is Microsoft Project
    assert project.occupation_code is None


def test_a_product_before_a_generic_word_does_not_decide():
    index = TitleIndex(
        [("Producers and Directors", "27-2012.00")],
        [
            ("Director", "27-2012.00"),
            *((f"Area{i} Director", f"11-{2021 + i % 4}.00") for i in range(120)),
        ],
        technologies=[("Salesforce software", "27-2012.00")],
    )
    # "director" ends 121 titles of five occupations: O*NET's listing of the word alone (producers
    # and directors) is no guide, with or without a product before it
    assert index.match_many(["Salesforce Director"])[0].occupation_code is None


def test_a_leader_over_a_leader_title_is_not_that_title():
    index = TitleIndex(
        [
            ("Tax Examiners and Collectors, and Revenue Agents", "13-2081.00"),
            ("Data Scientists", "15-2051.00"),
        ],
        [("Revenue Officer", "13-2081.00")],
    )
    chief_revenue, chief_data = index.match_many(["Chief Revenue Officer", "Chief Data Scientist"])
    # a chief revenue officer runs a company's sales; a revenue officer collects taxes
    assert chief_revenue.occupation_code is None
    assert chief_data.occupation_code == "15-2051.00"


def test_an_occupation_title_before_its_scope_note_is_its_own_name():
    index = TitleIndex(
        [
            ("Electronics Engineers, Except Computer", "17-2072.00"),
            ("Computer Hardware Engineers", "17-2061.00"),
            ("Miners, Except Coal", "47-5041.00"),
            ("Miners, Including Coal Cutters", "47-5099.00"),
        ],
        [("Electronics Engineer", "17-2061.00"), ("Miner", "47-5041.00"), ("Miner", "47-5099.00")],
    )
    electronics, miner = index.match_many(["Senior Electronics Engineer", "Miner"])
    # O*NET lists "Electronics Engineer" only under computer hardware engineers
    assert (electronics.occupation_code, electronics.score) == ("17-2072.00", 1.0)
    # two occupations share the name before their scope notes: it decides neither
    assert miner.occupation_code is None


def test_a_known_ambiguous_title_is_not_decided_by_its_head():
    index = TitleIndex(
        [
            ("Education Teachers, Postsecondary", "25-1081.00"),
            ("Special Education Teachers, Middle School", "25-2057.00"),
            ("Special Education Teachers, Secondary School", "25-2058.00"),
            ("Software Developers", "15-1252.00"),
            ("Web Developers", "15-1254.00"),
        ],
        [
            ("Education Teacher", "25-1081.00"),
            ("Game Developer", "15-1252.00"),
            ("Game Developer", "15-1254.00"),
        ],
        priors={"25-2057": 90_000.0, "25-2058": 100_000.0, "15-1252": 1_600_000.0, "15-1254": 90_000.0},
    )
    special, game = index.match_many(["Special Education Teacher", "Mobile Game Developer"])
    # the name two occupations share before their commas is a known title of both
    assert special.occupation_code is None
    assert set(special.other_codes) | {special.candidate_code} == {"25-2057.00", "25-2058.00"}
    # an unknown title still goes by its head
    assert game.occupation_code == "15-1252.00"


def test_a_long_head_gives_way_to_the_title_without_an_inner_word():
    index = TitleIndex(
        [
            ("Electrical and Electronic Engineering Technicians", "17-3023.00"),
            ("Mechanical Engineering Technicians", "17-3027.00"),
            ("Data Scientists", "15-2051.00"),
            ("Medical Scientists", "19-1042.00"),
        ],
        [
            ("Electrical Engineering Technician", "17-3023.00"),
            ("Engineering Laboratory Technician", "17-3027.00"),
            ("Clinical Scientist", "19-1042.00"),
        ],
    )
    electrical, clinical = index.match_many(
        ["Electrical Engineering Lab Technician", "Clinical Data Scientist"]
    )
    assert (electrical.occupation_code, electrical.title_normalised) == (
        "17-3023.00",
        "electrical engineering technician",
    )
    # a two-word head stays whole
    assert clinical.occupation_code == "15-2051.00"


def test_full_time_is_noise_and_full_stack_is_not():
    assert title_forms("Part-Time Cashier")[1] == "cashier"
    assert title_forms("Registered Nurse - Full Time")[1] == "registered nurse"
    assert title_forms("Full Stack Engineer Intern")[1] == "full stack engineer"
    assert title_forms("Fullstack Developer")[0] == "full stack developer"


def test_a_two_letter_word_needs_its_counterpart_but_a_function_word_does_not():
    index = TitleIndex(
        [("Regulatory Affairs Managers", "11-9199.01"), ("Sales Managers", "11-2022.00")],
        [("RA Vice President", "11-9199.01"), ("Vice President of Sales", "11-2022.00")],
    )
    vp, sales = index.match_many(["VP, Information Security", "VP Sales"])
    # O*NET's "RA" (regulatory affairs) is a word the title lacks
    assert vp.occupation_code is None and vp.candidate_code == "11-9199.01"
    assert sales.occupation_code == "11-2022.00"


def test_a_known_ambiguous_title_is_not_decided_by_a_trimmed_form():
    index = TitleIndex(
        [
            ("Social Workers, All Other", "21-1029.00"),
            ("First-Line Supervisors of Retail Sales Workers", "41-1011.00"),
            ("First-Line Supervisors of Food Preparation and Serving Workers", "35-1012.00"),
            ("Registered Nurses", "29-1141.00"),
        ],
        [
            ("Supervisor", "21-1029.00"),
            ("Shift Supervisor", "41-1011.00"),
            ("Shift Supervisor", "35-1012.00"),
            ("Nurse", "29-1141.00"),
        ],
        priors={"21-1029": 80_000.0, "41-1011": 1_000_000.0, "35-1012": 1_000_000.0, "29-1141": 3_000_000.0},
    )
    shift, nights = index.match_many(["Shift Supervisor", "Nurse - Night Shift"])
    # "shift" is noise at the edge of a title, but "shift supervisor" is a title of its own
    assert shift.occupation_code is None and shift.candidate_code in {"41-1011.00", "35-1012.00"}
    assert nights.occupation_code == "29-1141.00"


def test_a_title_listed_under_some_of_the_occupations_o_net_splits_a_soc_into_has_their_share():
    occupations = [
        ("Physicians, All Other", "29-1229.00"),
        ("Urologists", "29-1229.03"),
        ("Hospitalists", "29-1229.02"),
        ("Orthopedic Surgeons, Except Pediatric", "29-1242.00"),
        ("Environmental Scientists and Specialists", "19-2041.00"),
        ("Industrial Ecologists", "19-2041.03"),
        ("Environmental Engineers", "17-2081.00"),
    ]
    alternates = [
        ("Surgeon", "29-1229.03"),
        ("Surgeon", "29-1242.00"),
        ("Environmental Scientist", "19-2041.00"),
        ("Environmental Scientist", "17-2081.00"),
    ]
    priors = {"29-1229": 300_000.0, "29-1242": 30_000.0, "19-2041": 300_000.0, "17-2081": 30_000.0}
    surgeon, scientist = TitleIndex(occupations, alternates, priors=priors).match_many(
        ["Surgeon", "Environmental Scientist"]
    )
    # urologists are one of three occupations in 29-1229: 100,000 against 30,000, not 300,000
    assert surgeon.occupation_code is None
    assert surgeon.candidate_code == "29-1229.03" and surgeon.score == pytest.approx(100 / 130, abs=1e-4)
    # a title of the SOC's own .00 occupation has the whole SOC's prior
    assert scientist.occupation_code == "19-2041.00" and scientist.score == pytest.approx(300 / 330, abs=1e-4)


def test_workers_in_ics_are_plural_and_fields_in_ics_are_not():
    assert index_form("Industrial Machinery Mechanics") == "industrial machinery mechanic"
    assert index_form("Electronics Engineering Technicians") == "electronics engineering technician"
    index = TitleIndex(
        [("Emergency Medical Technicians", "29-2042.00"), ("Paramedics", "29-2043.00")],
        [("Paramedic", "29-2042.00"), ("Paramedic", "29-2043.00")],
        priors={"29-2042": 180_000.0, "29-2043": 80_000.0},
    )
    # the occupation's own title decides, as for any other occupation
    assert index.match_many(["Paramedic"])[0].occupation_code == "29-2043.00"


def test_a_soc_that_oews_publishes_only_in_an_aggregate_has_its_part_of_the_aggregate():
    index = TitleIndex(
        [
            ("Home Health Aides", "31-1121.00"),
            ("Personal Care Aides", "31-1122.00"),
            ("Childcare Workers", "39-9011.00"),
        ],
        [("Caregiver", "31-1122.00"), ("Caregiver", "39-9011.00")],
        # OEWS: 31-1120 (home health and personal care aides together), no 31-1121 or 31-1122 row
        priors={"31-1120": 4_000_000.0, "39-9011": 100_000.0},
    )
    match = index.match_many(["Caregiver"])[0]
    # half the aggregate, 2,000,000, against 100,000; without it the childcare workers took all
    assert match.occupation_code == "31-1122.00" and match.score == pytest.approx(2000 / 2100, abs=1e-4)


def test_a_generic_word_alone_names_an_occupation_only_when_its_family_agrees():
    index = TitleIndex(
        [
            ("Social Workers, All Other", "21-1029.00"),
            ("First-Line Supervisors of Production and Operating Workers", "51-1011.00"),
            ("Registered Nurses", "29-1141.00"),
        ],
        [
            ("Supervisor", "21-1029.00"),
            *((f"Line{i} Supervisor", "51-1011.00") for i in range(120)),
            ("Nurse", "29-1141.00"),
            *((f"Ward{i} Nurse", "29-1141.00") for i in range(120)),
        ],
    )
    supervisor, nurse = index.match_many(["Supervisor", "Nurse"])
    # O*NET lists "Supervisor" under one occupation, but the titles ending with it name another
    assert supervisor.occupation_code is None and supervisor.score == pytest.approx(0.8)
    assert nurse.occupation_code == "29-1141.00" and nurse.score == 1.0


def test_a_head_that_the_titles_ending_with_it_contradict_does_not_decide():
    index = TitleIndex(
        [
            ("Computer and Information Systems Managers", "11-3021.00"),
            ("Training and Development Managers", "11-3131.00"),
            ("Data Scientists", "15-2051.00"),
        ],
        [
            ("Development Manager", "11-3021.00"),
            *(
                (f"{kind} Development Manager", "11-3131.00")
                for kind in ("Staff", "Employee", "Talent", "Learning")
            ),
            *((f"{kind} Data Scientist", "15-2051.00") for kind in ("Lead", "Clinical", "Marketing")),
        ],
    )
    research, health = index.match_many(["Research Development Manager", "Healthcare Data Scientist"])
    # four of the five titles ending in "development manager" are training and development managers
    assert research.occupation_code is None and research.score == pytest.approx(0.76)
    assert (health.occupation_code, health.method, health.score) == ("15-2051.00", "head", 0.95)
