"""The NLP components on hand-made cases, the seed article, bad input, and quality floors.

The floors sit a little under what `gatewatch eval tests/data/nlp-gold.jsonl` printed when
they were set, so a regression fails here; raise them when the pipeline improves.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import spacy

from gatewatch.nlp.components.cues import CueText, digit_runs
from gatewatch.nlp.components.dates import find_dates
from gatewatch.nlp.components.doccache import sentence_bounds
from gatewatch.nlp.components.events import event_cues
from gatewatch.nlp.components.money import find_money
from gatewatch.nlp.evaluate import evaluate
from gatewatch.nlp.pipeline import load_pipeline
from gatewatch.nlp.tag import tag_records
from helpers import gatewatch

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"


def tag(text: str, **record) -> dict:
    return next(tag_records([{"id": 1, "text": text, **record}]))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("fined €1.84bn", [(1.84e9, "EUR")]),
        ("1.84 billion euros", [(1.84e9, "EUR")]),
        ("EUR 500 million", [(5e8, "EUR")]),
        ("US$5bn", [(5e9, "USD")]),
        ("KRW 207.7 billion", [(2.077e11, "KRW")]),
        ("Rs 1,337.76 crore", [(1.33776e10, "INR")]),
        ("18.228 billion yuan", [(1.8228e10, "CNY")]),
        ("处以182.28亿元罚款", [(1.8228e10, "CNY")]),
        ("2074亿韩元", [(2.074e11, "KRW")]),
        ("a 200-million-euro fine", [(2e8, "EUR")]),
        ("296 million Turkish liras", [(2.96e8, "TRY")]),
        ("新台币234亿元", [(2.34e10, "TWD")]),  # Taiwan FTC on Qualcomm, 2017
        ("港币5000万元", [(5e7, "HKD")]),
        ("€999999999999bn", []),
    ],
)
def test_money_forms(text: str, expected: list) -> None:
    assert [(pytest.approx(m["amount"]), m["currency"]) for m in find_money(text, chinese_context=False)] == expected


def test_share_of_turnover_is_kept_apart_and_conversions_are_not_fines() -> None:
    result = tag("The European Commission fined Google €1.8bn (about $2bn), or 4% of its global turnover, for abusing its dominance.")
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(1.8e9, "EUR")]
    assert [s["percent"] for s in result["turnover_shares"]] == [4.0]


def test_a_bare_dollar_is_the_local_dollar_where_the_authorities_are() -> None:
    # Federal Court of Australia, 2 December 2025: Google to pay $55 million (Australian dollars).
    australian = tag("The Federal Court of Australia ordered Google to pay a $55 million penalty in a case brought by the ACCC.")
    assert [(f["amount"], f["currency"]) for f in australian["fines"]] == [(55e6, "AUD")]
    american = tag("The FTC fined Google $55 million, and the ACCC welcomed the decision.")
    assert [f["currency"] for f in american["fines"]] == ["USD"], "authorities in two places: the US dollar"
    # Cofece, 2024: Walmart de México fined 93.4 million pesos; "pesos" is the local peso too.
    mexican = tag("Mexico's Cofece fined Walmex 93.4 million pesos ($4.6 million) over its supplier practices.")
    assert [(f["amount"], f["currency"]) for f in mexican["fines"]] == [(93.4e6, "MXN")]


# Constructed sentences, not reports of real events: each is a relevant action text whose
# amount is only possible or is damages, so it must not come out as a fine.
@pytest.mark.parametrize(
    "text",
    [
        "The European Commission opened a probe under the Digital Markets Act and could fine the gatekeeper up to $30 billion.",
        "A developer sued the platform for anticompetitive conduct in the Federal Court of Australia, seeking damages of $100 million and a penalty.",
        "The Federal Trade Commission fined the platform, which must also pay $425 million in damages to users.",
    ],
)
def test_possible_fines_and_damages_are_not_fines(text: str) -> None:
    result = tag(text)
    assert result["relevant"], "the text reports an action, so an amount would be kept if it were a fine"
    assert result["fines"] == []


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # Ofcom, 6 October 2022: a market study into cloud services is a step short of a case.
        ("Ofcom launches a market study into cloud services run by Amazon, Microsoft and Google.", "other"),
        # Slack, 22 July 2020: a complaint to the European Commission is no lawsuit.
        ("Slack filed a complaint with the European Commission accusing Microsoft of tying Teams.", "other"),
        # Competition Bureau, 19 April 2016: a probe closed after Google dropped clauses.
        ("The Competition Bureau completed its investigation into Google after the company agreed to drop clauses.",
         "settlement_or_commitments"),
        # US Supreme Court, 16 January 2024: Apple's and Epic's appeals turned away.
        ("The US Supreme Court declined to hear appeals by Apple and Epic Games in their antitrust dispute.", "ruling"),
        # UOKiK, 25 November 2025: antitrust proceedings against Apple.
        ("Poland's UOKiK has launched antitrust proceedings against Apple over App Tracking Transparency.",
         "investigation_opened"),
        # Apple, March 2024: a browser choice screen for EU iPhone users under the DMA.
        ("Apple shows EU iPhone users a browser choice screen to meet its obligations under the Digital Markets Act.",
         "compliance_change"),
        # Meta, November 2024: a less personalised ads option after European Commission concerns.
        ("Meta offers a less personalised ads option to satisfy EU regulators at the European Commission.",
         "compliance_change"),
    ],
)
def test_action_phrasings_name_their_type(text: str, event_type: str) -> None:
    assert tag(text)["event_types"][0] == event_type


@pytest.mark.parametrize(
    ("text", "appeal"),
    [
        # Supreme Court of Korea, 13 April 2023: Qualcomm's KFTC penalty upheld (a judgment on an appeal).
        ("South Korea's Supreme Court upholds the KFTC's record penalty on Qualcomm.", True),
        # KFTC, 2 October 2024: Kakao Mobility says it will take the sanction to court.
        ("Kakao Mobility to file an administrative lawsuit against the KFTC's 72.4 billion won penalty.", True),
        # Which?, November 2024: a collective claim against Apple at the Competition Appeal Tribunal.
        ("Which? files a £3bn competition claim against Apple at the Competition Appeal Tribunal.", False),
    ],
)
def test_appeals_come_from_appellate_courts_and_suits_against_sanctions(text: str, appeal: bool) -> None:
    assert ("appeal" in tag(text)["event_types"]) is appeal


@pytest.mark.parametrize(
    ("text", "language", "fine_type"),
    [
        # General Court, 10 November 2021: Google's challenge to the €2.4bn Shopping fine dismissed.
        ("Google loses appeal against €2.4bn EU shopping fine\n\nThe General Court dismissed Google's challenge.", "en", False),
        # Apple's appeal of the €1.8bn music streaming fine to the General Court, May 2024.
        ("苹果就欧盟18亿欧元罚款提起上诉\n\n苹果公司已向欧盟普通法院提起诉讼，要求撤销欧盟委员会的决定。", "zh", False),
        # European Commission, 4 March 2024: the fine itself, with Apple's announced appeal.
        ("EU fines Apple €1.8bn; Apple says it will appeal\n\nThe European Commission found that Apple abused "
         "its dominance. Apple said it would appeal the ruling.", "en", True),
    ],
)
def test_a_fine_under_review_is_not_a_new_fine(text: str, language: str, fine_type: bool) -> None:
    result = tag(text, language=language)
    assert {"ruling", "appeal"} & set(result["event_types"]), "a court or appeal action"
    assert ("fine" in result["event_types"]) is fine_type
    assert [f["currency"] for f in result["fines"]] == ["EUR"], "the fine under review is still reported"


def test_an_outlet_cited_for_a_report_is_not_a_party() -> None:
    # Google's appeal to the EU Court of Justice, 20 January 2022, as Sina Tech reported it.
    cited = tag("据新浪科技报道，谷歌将就欧盟罚款向欧洲法院上诉。", language="zh")
    assert "Google" in {c["name"] for c in cited["companies"]} and "Sina" not in {c["name"] for c in cited["companies"]}
    # A summons of Sina Weibo by the Cyberspace Administration: here Sina is a party.
    party = tag("国家网信办约谈新浪微博，要求其整改。", language="zh")
    assert "Sina" in {c["name"] for c in party["companies"]}


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("南京东路一家商店被市场监管部门处以罚款。", "JD.com"),
        ("中国移动智能终端市场出货量增长，苹果份额上升。", "China Mobile"),
        ("市场监管局通知网店经营者限期整改。", "CNKI"),
        ("Prime Minister Anthony Albanese said platforms such as Amazon had a year to comply.", "Prime"),
        ("Vice President JD Vance valued the business at $14 billion, the antitrust regulator said.", "JD.com"),
    ],
)
def test_an_alias_inside_a_longer_name_is_not_a_mention(text: str, not_named: str) -> None:
    # Constructed sentences: Shanghai's Nanjing East Road, China's market for mobile smart
    # devices, a bureau notifying online shops, a prime minister, a vice president. Each named
    # the company before false_friends.
    assert not_named not in {c["name"] for c in tag(text, language="zh")["companies"]}
    assert "JD.com" in {c["name"] for c in tag("市场监管总局对京东处以罚款。", language="zh")["companies"]}


def test_a_tax_bill_is_not_legislation() -> None:
    # CJEU, 10 September 2024: Apple must repay €13bn in Irish tax (state aid, not a law).
    result = tag("Apple must pay a €13bn tax bill after the EU's top court ruled against it in a state aid case.")
    assert "legislation" not in result["event_types"]


def test_a_headline_rounding_the_fine_is_the_same_fine_kept_as_precisely_as_written() -> None:
    # European Commission, 4 March 2024: €1,840,000,000 on Apple, headlined as €1.8bn.
    result = tag("EU fines Apple €1.8bn\n\nThe European Commission fined Apple €1.84 billion on 4 March 2024.")
    assert [(f["amount"], f["text"]) for f in result["fines"]] == [(1.84e9, "€1.84 billion")]
    # General Court, 14 September 2022: the Android fine cut from €4.34bn to €4.125bn (two amounts).
    cut = tag("The General Court cut Google's fine from €4.34 billion to €4.125 billion, a ruling said.")
    assert sorted(f["amount"] for f in cut["fines"]) == [4.125e9, 4.34e9]


def test_traditional_chinese_reads_like_simplified() -> None:
    # Taiwan Fair Trade Commission, 11 October 2017: NT$23.4bn on Qualcomm.
    result = tag("公平會重罰高通新台幣234億元。公平交易委員會2017年10月11日決議處以罰鍰。", language="zh")
    assert result["event_types"] == ["fine"] and result["event_date"] == "2017-10-11"
    assert [(f["amount"], f["currency"], f["text"]) for f in result["fines"]] == [(2.34e10, "TWD", "新台幣234億元")]


def test_a_chinese_alias_is_also_read_in_traditional_characters() -> None:
    # The KB writes 动视暴雪; Taiwan's and Hong Kong's press write 動視暴雪.
    names = [c["name"] for c in tag("英國競爭及市場管理局初步認定微軟收購動視暴雪恐削弱競爭。", language="zh")["companies"]]
    assert "Activision Blizzard" in names and "Microsoft" in names


def test_every_traditional_character_is_folded_and_a_suit_against_a_decision_is_its_appeal() -> None:
    # 訟 and 圓 are folded too: "行政訴訟" is the appeal cue 行政诉讼, "日圓" the currency 日元.
    result = tag("谷歌不服台灣公平交易委員會處分，提起行政訴訟。該會曾罰1030億日圓。", language="zh")
    assert result["event_types"][0] == "appeal" and "lawsuit_filed" not in result["event_types"]
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(1.03e11, "JPY")]


def test_an_approximate_conversion_in_brackets_is_not_a_second_fine() -> None:
    # KFTC, February 2023: ₩27.1 billion on Kakao Mobility, reported with its dollar value.
    result = tag("The Korea Fair Trade Commission fined Kakao Mobility ₩27.1 billion (approximately USD 20 million).")
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(27.1e9, "KRW")]


def test_about_before_an_amount_in_the_same_currency_is_no_conversion() -> None:
    # CCCS, 24 September 2018: Grab and Uber fined for Grab's purchase of Uber's business.
    result = tag("Singapore's CCCS fined Uber about $6.6 million and Grab about $6.4 million over the merger.")
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(6.6e6, "SGD"), (6.4e6, "SGD")]


@pytest.mark.parametrize(("text", "expected"), [
    ("UOKiK fined Allegro 206.2 million zlotys.", [(206.2e6, "PLN")]),
    ("COMCO fined Swisscom 71.8 million francs.", [(71.8e6, "CHF")]),  # Switzerland's: CHF
    ("South Africa's Competition Commission fined the bank R300 million.", [(300e6, "ZAR")]),
    # Relevant texts, so an amount would be kept if it were a fine: no rand outside South Africa,
    # and a proposed penalty is no fine while the imposed one is.
    ("The European Commission fined Google R300 million for abusing its dominance.", []),
    ("Malaysia Competition Commission fined Grab RM 10 million for abusing its dominance, after a proposed "
     "financial penalty of RM 86 million.", [(10e6, "MYR")]),
    ("国家市场监督管理总局对该公司处以1000万瑞士法郎罚款。", [(10e6, "CHF")]),
])
def test_fines_in_more_currencies(text: str, expected: list) -> None:
    assert [(f["amount"], f["currency"]) for f in tag(text)["fines"]] == expected


def test_a_later_amount_worth_the_same_in_another_currency_is_a_conversion() -> None:
    # AGCM, December 2025: €98.6m on Apple, restated in dollars further down.
    text = ("Italy's competition authority fined Apple €98.6 million over its app-tracking rules. "
            "Apple, fined roughly $115 million, said it would appeal. In 2021 Amazon was fined €1.13 billion.")
    result = tag(text, published="2025-12-22")
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(98.6e6, "EUR"), (1.13e9, "EUR")]
    # Without a publication date the latest rates are used.
    assert [f["currency"] for f in tag(text)["fines"]] == ["EUR", "EUR"]


def test_revenue_is_not_a_fine() -> None:
    result = tag("Apple reported revenue of $94.9 billion as the EU antitrust fine of €1.8 billion weighed on the quarter.")
    assert [f["currency"] for f in result["fines"]] == ["EUR"]


def test_dates_take_the_year_from_publication_and_never_invent_one() -> None:
    assert [d["date"] for d in find_dates("on 4 March 2024; from Sept. 12; 2021年4月10日", "2024-09-06")] == [
        "2024-03-04", "2024-09-12", "2021-04-10",
    ]
    assert find_dates("from Sept. 12", None) == []
    assert find_dates("it may 5 times", "2024-01-01") == []


def test_weekdays_and_bare_days_are_the_last_such_day_up_to_publication() -> None:
    # Published on Tuesday 2024-04-30.
    found = find_dates("The CMA said on Monday. 公平会15日公告，31日生效。周日", "2024-04-30")
    assert [(d["text"], d["date"], d["explicit_year"]) for d in found] == [
        ("Monday", "2024-04-29", False), ("15日", "2024-04-15", False), ("31日", "2024-03-31", False),
        ("周日", "2024-04-28", False),
    ]
    # Counts of days, yen, shopping days and a text without a publication date give none.
    assert find_dates("自收到之日起15日内缴纳，罚款5日元。Black Friday sales; Monday's ruling", "2024-04-30") == []
    assert find_dates("The CMA said on Monday", None) == []
    # A release's "today" is its publication day, "yesterday" the day before; 今日头条 is Toutiao.
    near = find_dates("The Commission has today fined the platform. 今日头条昨天回应。", "2024-04-30")
    assert [(d["text"], d["date"]) for d in near] == [("today", "2024-04-30"), ("昨天", "2024-04-29")]


def test_cues_and_digit_runs_find_what_a_whole_text_scan_finds() -> None:
    # The literal scan and the digit runs only narrow where a pattern is tried.
    cues = event_cues().cues
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = [f"{item['title']}\n\n{item['text']}" for item in gold]
    for text in texts + [t.upper() for t in texts] + ["Den DENIED 12,3.4 ５月 1 a1 2\n9"]:
        prepared = CueText(text, cues)
        for _, cue in cues.cues:
            assert [m.span() for m in prepared.matches(cue)] == [m.span() for m in cue[1].finditer(text)], cue
        assert list(digit_runs(text)) == [m.start() for m in re.finditer(r"\d+", text)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_sentences_split_as_spacy_sentencizer_splits_them(language: str) -> None:
    sentencizer = spacy.blank(language)
    sentencizer.add_pipe("sentencizer")
    nlp = load_pipeline(language)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = [f"{item['title']}\n\n{item['text']}" for item in gold] + [
        "", "!!!", ". Hello", "U.S. rules. Really?! (Yes.) \"Quote.\" Next…\n\nNew", "罚款。。下一句！“好”", "Emoji 😀. 𑁇 end",
    ]
    for text in texts:
        expected = [(s.start_char, s.end_char) for s in sentencizer(text).sents]
        assert sentence_bounds(nlp.make_doc(text)) == expected, text


def test_seed_article_is_an_interoperability_opening_in_china(shared_dir: Path) -> None:
    result = tag((shared_dir / "seed-article.txt").read_text(encoding="utf-8"))
    assert result["relevant"] is True
    assert {"Alibaba", "Tencent"} <= set(result["groups"])
    parents = {c["name"]: c["parent"] for c in result["companies"]}
    assert parents["Taobao"] == parents["Tmall"] == "Alibaba" and parents["WeChat Pay"] == "Tencent"
    assert result["jurisdictions"] == ["CN"]
    assert "interoperability_opening" in result["event_types"]


def test_general_news_pages_are_not_in_the_field(shared_dir: Path) -> None:
    """Real articles of general news sites (pollution, impeachment, crime, Middle East: the
    corpus's `html/` pages) name courts, the Commission, the DOJ and words like "Office" or
    "Prime": none is an action Gatewatch tracks."""
    truth = json.loads((shared_dir / "corpus" / "html" / "ground-truth.json").read_text(encoding="utf-8"))
    records = [{"id": key, "text": page["articleBody"]} for key, page in truth.items()]
    relevant = [tags["id"] for tags in tag_records(records) if tags["relevant"]]
    assert len(records) == 40 and relevant == []


# Constructed pairs, not reports of real events: a general authority (a court, a ministry, the
# DOJ) is in Gatewatch's field when it acts on a company the lead names, and not for privacy or tax.
@pytest.mark.parametrize(
    ("text", "language", "relevant"),
    [
        ("Google loses appeal against EU shopping fine\n\nThe General Court dismissed the challenge.", "en", True),
        ("Two prison officers were charged by federal prosecutors.\n\nThe Justice Department said a court would hear the case; the jail uses Microsoft Office.", "en", False),
        ("Meta fined for GDPR breach\n\nThe court upheld the data protection fine on Meta.", "en", False),
        ("网信办对滴滴处以罚款\n\n网信办认定滴滴违反《数据安全法》和《个人信息保护法》。", "zh", False),
    ],
)
def test_a_general_authority_acts_in_the_field_on_a_company_in_the_lead(text: str, language: str, relevant: bool) -> None:
    assert tag(text, language=language)["relevant"] is relevant


def test_regulators_resolve_with_their_jurisdiction() -> None:
    result = tag("国家市场监督管理总局依法对阿里巴巴集团作出行政处罚决定，处以182.28亿元罚款。")
    assert result["regulators"][0]["name"] == "SAMR" and result["jurisdictions"] == ["CN"]
    assert result["event_types"][0] == "fine"


def test_a_product_named_by_a_common_word_needs_its_maker_named() -> None:
    assert "Microsoft Office" in [c["name"] for c in tag("Microsoft will sell Teams separately from Office.")["companies"]]
    unrelated = tag("Samsung Electronics closed its Future Strategy Office, the antitrust court heard.")
    assert "Microsoft Office" not in [c["name"] for c in unrelated["companies"]]


def test_a_short_name_inside_a_body_s_full_name_is_that_body_again() -> None:
    # Japan's FTC written in full, then as 公平會, which alone is Taiwan's FTC's short name.
    result = tag("日本公平會公布手機軟體競爭促進法配套規則草案，公平會表示將於12月18日全面實施。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["JFTC"]


def test_regulators_are_listed_as_named_not_as_their_parent_body() -> None:
    result = tag("The Senate Judiciary Committee advanced the antitrust bill; 上海市市场监督管理局 fined the platform.")
    assert sorted(r["name"] for r in result["regulators"]) == [
        "Shanghai Administration for Market Regulation", "US Senate",
    ]


@pytest.mark.parametrize(("text", "regulator"), [
    ("France's competition watchdog fined Google.", "Autorité de la concurrence"),
    ("Japan’s antitrust watchdog raided Amazon.", "JFTC"),
    ("The Dutch antitrust regulator opened a probe into Apple.", "ACM"),
    ("The competition regulator opened a probe into Apple.", None),  # no place: no guess
])
def test_a_described_competition_regulator_is_the_one_of_the_place_before_it(text: str, regulator: str | None) -> None:
    assert [r["name"] for r in tag(text)["regulators"]] == ([regulator] if regulator else [])


@pytest.mark.parametrize(("text", "court"), [
    ("The Supreme Court dismissed Google's appeal against the Competition Commission of India's order.",
     "Supreme Court of India"),
    ("The Supreme Court declined to hear the Federal Trade Commission's case against Meta.", "US Supreme Court"),
    ("The Supreme Court ruled against the company.", None),  # no jurisdiction: no guess
    ("Courts in India and the United States: the Supreme Court was not asked.", None),  # two: no guess
])
def test_a_shared_form_names_the_body_of_the_text_s_jurisdiction(text: str, court: str | None) -> None:
    courts = [r["name"] for r in tag(text)["regulators"] if "Supreme" in r["name"]]
    assert courts == ([court] if court else [])


# Public bodies the KB does not list, recognised by how their names are built (gatewatch_bodies).
@pytest.mark.parametrize(("text", "language", "bodies"), [
    # a place inside the name (places.yaml regions), sentence-start words not glued on
    ("On Monday the Supreme Court of Victoria approved Uber's settlement with taxi drivers.", "en",
     {"Supreme Court of Victoria": "AU"}),
    ("The Vietnam Competition Council will decide the Grab and Uber case.", "en", {"Vietnam Competition Council": "VN"}),
    # the place right before it
    ("Peru's Ministry of Transport and Communications regulates taxis, Uber said.", "en",
     {"Ministry of Transport and Communications": "PE"}),
    # the text's one jurisdiction (South Africa's tribunal); a list inside the name
    ("South Africa's Competition Tribunal heard the Department of Trade, Industry and Competition and others on the deal.",
     "en", {"Department of Trade, Industry and Competition": "ZA"}),
    ("The complaint against Amazon was filed in San Francisco Superior Court.", "en", {"San Francisco Superior Court": "US"}),
    ("Judge Hiram Puig-Lugo of D.C. Superior Court dismissed the District's case against Amazon.", "en",
     {"D.C. Superior Court": "US"}),
    # Chinese, traditional: ministries only after a ministry's stem, a prosecutor's office after a place
    ("數位發展部21日表示，依詐防條例對Meta開罰。此案經會同內政部、法務部、臺灣高等檢察署共同檢視。", "zh",
     {"數位發展部": "TW", "內政部": "TW", "法務部": "TW", "臺灣高等檢察署": "TW"}),
    ("西安市中级人民法院10月26日对腾讯诉抖音著作权案作出一审判决。", "zh", {"西安市中级人民法院": "CN"}),
    ("亞馬遜15日向盧森堡行政法庭提起上訴，挑戰盧森堡國家數據保護委員會的罰單。", "zh",
     {"盧森堡行政法庭": "LU", "盧森堡國家數據保護委員會": "LU"}),
    # a ministry's bureau is one name, and its short form no second body
    ("《公路法》修正條文在台灣實施後，交通部公路總局隨即展開稽查，公路總局表示將持續取締Uber車輛。", "zh",
     {"交通部公路總局": "TW"}),
])
def test_a_public_body_the_kb_does_not_list_is_named_as_written_with_its_jurisdiction(
        text: str, language: str, bodies: dict) -> None:
    result = tag(text, language=language)
    assert {r["name"]: r["jurisdiction"] for r in result["regulators"] if r["id"] is None} == bodies


@pytest.mark.parametrize(("text", "language", "regulators"), [
    # the KB names the body, or the body it belongs to, or it in brackets
    ("The Competition and Markets Authority Board cleared the deal.", "en", ["CMA"]),
    ("Italy's Competition and Market Authority (AGCM) fined Apple.", "en", ["AGCM"]),
    ("工信部新闻发言人、信息通信管理局局长赵志国表示，App须整改。", "zh", ["MIIT"]),
    ("公平會主委23日在立法院經濟委員會坦言，兩者結合後市占率高。", "zh", ["Taiwan Fair Trade Commission", "Legislative Yuan"]),
    ("韓國國會科學技術情報放送通信委員會2日召開會議，討論Coupang個資外洩。", "zh", ["National Assembly of Korea"]),
    # a company's, or its organs
    ("Apple's Board approved the buyback in the United States.", "en", []),
    ("Meta's Oversight Board overturned the takedown in the United States.", "en", []),
    ("The Oversight Board, which Meta funds, overturned the takedown in the United States.", "en", []),
    ("Samsung closed its Future Strategy Office, a court in South Korea heard.", "en", []),
    ("Microsoft Office sales rose in the United States, Microsoft said.", "en", []),
    # a trade group
    ("The Interactive Advertising Bureau complained to the US Federal Trade Commission.", "en", ["FTC"]),
    # a law
    ("The Kenya Information and Communications Authority Act took effect in Kenya.", "en", []),
    ("The Kenya Information and Communications Authority Act's new rules took effect in Kenya.", "en", []),
    # a head word alone, or used as an adjective, or a name many bodies share
    ("The court said a ministry official in Kenya had misled the Commission.", "en", []),
    ("A Court Order in Kenya required Safaricom to stop.", "en", []),
    ("The case against Apple went to a US District Court in Miami.", "en", []),
    # a title-case headline: no name can be told there
    ("Apple Drops UK Tribunal Challenge To Home Office Encryption Order\n\nApple said it would comply in Britain.", "en", []),
    ("EU Hands Tech Giants Fresh Blow From New Digital Platforms Council\n\nThe European Commission met the platforms.", "en",
     ["European Commission"]),
    # no jurisdiction: left out
    ("The National Labor Relations Board ruled against Amazon.", "en", []),
    # generic Chinese: courts with no unit or qualifier, a department (部门), a meeting (委員會議)
    ("台灣法院駁回上訴，該委員會表示尊重。Uber台灣公關經理表示，將與法務部門討論。", "zh", []),
    ("台灣公平交易委員會9月1日、8日及15日三次委員會議審議。", "zh", ["Taiwan Fair Trade Commission"]),
])
def test_what_is_no_body_of_its_own_is_not_added(text: str, language: str, regulators: list) -> None:
    assert [r["name"] for r in tag(text, language=language)["regulators"]] == regulators


def test_bodies_stay_out_of_the_mentions_that_decide_relevance_and_jurisdictions() -> None:
    doc = load_pipeline("en")("Kenya's Court of Appeal upheld the antitrust ruling against Safaricom.")
    assert [b["name"] for b in doc._.bodies] == ["Court of Appeal"]
    assert not [m for m in doc._.mentions if m["family"] == "authority"]


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x02\xff" * 1000, "Apple " * 1_000_000, "Tencent 腾讯 Кремль مرحبا 🙂" * 500, "fined €999999999999bn"],
    ids=["empty", "binary", "5MB", "mixed-scripts", "absurd-amount"],
)
def test_bad_input_is_tagged_quickly_without_error(text: str) -> None:
    started = time.monotonic()
    result = tag(text)
    assert time.monotonic() - started < 30
    assert result["fines"] == []


def test_tag_command_writes_the_documented_fields() -> None:
    output = gatewatch("tag", "-", input=json.dumps({"id": "x", "text": "SAMR fined Alibaba 18.228 billion yuan on 10 April 2021."}) + "\n")
    result = json.loads(output.stdout)
    assert set(result) >= {"id", "relevant", "companies", "regulators", "jurisdictions", "event_types", "fines", "event_date"}
    assert result["event_date"] == "2021-04-10" and result["fines"][0]["currency"] == "CNY"


# Floors per split: (companies, regulators, jurisdictions, event types, fines F1, relevance accuracy).
# Measured on 1,178 items: dev .907 .950 .968 .834 .942 .978; holdout .870 .898 .932 .753 .894 .929.
FLOORS = {
    "dev": (0.89, 0.935, 0.95, 0.82, 0.93, 0.97),
    "holdout": (0.86, 0.885, 0.92, 0.74, 0.88, 0.92),
}


@pytest.fixture(scope="module")
def reports() -> dict:
    return evaluate(GOLD)


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quality_floors(reports: dict, split: str) -> None:
    report = reports[split]
    companies, regulators, jurisdictions, event_types, fines, relevance = FLOORS[split]
    assert report.fields["companies"].f1 >= companies
    assert report.fields["regulators"].f1 >= regulators
    assert report.fields["jurisdictions"].f1 >= jurisdictions
    assert report.fields["event_types"].f1 >= event_types
    assert report.fields["fines"].f1 >= fines
    assert report.relevance_accuracy >= relevance


def test_pipeline_beats_the_bare_entity_ruler(reports: dict) -> None:
    bare = evaluate(GOLD, bare=True)["all"]
    full = reports["all"]
    assert full.fields["event_types"].f1 > bare.fields["event_types"].f1 + 0.5
    assert full.fields["fines"].f1 > bare.fields["fines"].f1 + 0.5
    assert full.relevance_accuracy > bare.relevance_accuracy


@pytest.mark.parametrize(
    "text, declared, expected",
    [
        ("Die Kommission hat eine Geldbuße gegen Apple verhängt, weil der Konzern seine Marktmacht missbraucht hat.", "en", "de"),
        ("L'Autorité de la concurrence a infligé une amende à Google pour abus de position dominante.", None, "fr"),
        ("阿里巴巴旗下淘宝和天猫接入微信支付", "en", "zh"),
        ("Short line", "pt", "pt"),
    ],
)
def test_language_is_read_from_the_text_before_the_declaration(text: str, declared: str | None, expected: str) -> None:
    from gatewatch.nlp.lang import detect_language

    assert detect_language(text, declared) == expected
