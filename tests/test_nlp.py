"""The NLP components on hand-made cases, the seed article, bad input, and quality floors.

The floors sit a little under what `gatewatch eval tests/data/nlp-gold.jsonl` printed when
they were set, so a regression fails here; raise them when the pipeline improves.
"""

from __future__ import annotations

import gc
import json
import re
import time
from pathlib import Path

import pytest
from spacy.pipeline import Sentencizer

from gatewatch.nlp.components.cue_literals import later_literals, required_literals
from gatewatch.nlp.components.cues import CueText, digit_runs
from gatewatch.nlp.components.dates import find_dates
from gatewatch.nlp.components.doccache import end_of_lead, sentence_bounds
from gatewatch.nlp.components.events import OTHER_SECTOR, event_cues
from gatewatch.nlp.components.literals import LiteralScan
from gatewatch.nlp.components.fine_rules import classify_money
from gatewatch.nlp.components.money import MONEY, find_money, money_patterns
from gatewatch.nlp.components.orgs_context import surnames, word_pairs
from gatewatch.nlp.evaluate import evaluate
from gatewatch.nlp.kb import load_kb
from gatewatch.nlp.pipeline import load_pipeline
from gatewatch.nlp.tag import parsed_docs, tag_records
from helpers import gatewatch

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"


def tag(text: str, **record) -> dict:
    return next(tag_records([{"id": 1, "text": text, **record}]))


def rule_types(text: str, **record) -> list[str]:
    """The event types the cue rules give, before the learned model reads them."""
    evidence = next(parsed_docs([{"id": 1, "text": text, **record}]))._.type_evidence
    return list(evidence.rule_types) if evidence else []


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
        ("1,120,562 lari", [(1120562, "GEL")]),  # Georgia's competition agency, January 2024
        ("新台币234亿元", [(2.34e10, "TWD")]),  # Taiwan FTC on Qualcomm, 2017
        ("港币5000万元", [(5e7, "HKD")]),
        ("新台币27亿3000万元", [(2.73e9, "TWD")]),  # an amount in two parts: 27 × 10⁸ + 3000 × 10⁴
        ("1,200亿3,000万元", [(1.2003e11, "CNY")]),
        ("优步被罚658万2055元", [(6582055, "CNY")]),  # two parts split by 万 (CCCS on Grab and Uber, 2018)
        ("处以191亿韩圜罚款", [(1.91e10, "KRW")]),  # the won as Taiwan writes it (KFTC on Broadcom, 2023)
        ("300万2000年", []),
        # In Chinese numerals (Hong Kong's Communications Authority on TVB, 2013; a TW FTC fine),
        # not a bare 一元 or 三元, which are words (一元化, the dairy group 三元).
        ("判罚款港币九十万元", [(9e5, "HKD")]),
        ("罚款新台币一百五十万元", [(1.5e6, "TWD")]),
        ("罚款两千万元", [(2e7, "CNY")]),
        ("推动一元化管理，三元食品发布公告", []),
        ("€999999999999bn", []),
        # Thousands set apart by spaces (South African, French, Polish usage), also at a sentence's end.
        ("fined €2 000 000 and €32\u00a0135 in costs.", [(2e6, "EUR"), (32135, "EUR")]),
        ("a fine of €100 000.", [(1e5, "EUR")]),
        ("In 2020 300 firms paid €5 000 000 000", [(5e9, "EUR")]),
        # with a decimal point after the groups (COMESA on Helios Towers, 2022)
        ("a fine of US$102 101.765 for late notification", [(102101.765, "USD")]),
        # Thousands set apart by full stops (Cyprus's CPC on CYTA, 2021); one group before a
        # scale word is a decimal, without one it is thousands (the Netherlands' ACM on KPN, 2011).
        ("a fine of €1.016.425 on CYTA", [(1016425, "EUR")]),
        ("fined 2.500.000,50 euros", [(2500000.5, "EUR")]),
        ("€1.016 billion", [(1.016e9, "EUR")]),
        ("fines that add up to 933.000 euro", [(933000, "EUR")]),
        ("a price of $0.125", [(0.125, "USD")]),
        ("fined Síminn ISK 500 million", [(5e8, "ISK")]),  # Iceland's competition authority, 2021
        ("fined Foodpanda Tk10 lakh", [(1e6, "BDT")]),  # Bangladesh's competition commission, 2024
        ("fined Bolt 113,000 manat", [(113000, "AZN")]),  # Azerbaijan's antimonopoly service, 2023
        ("a record Sfr333 million fine", [(333e6, "CHF")]),  # Swiss Federal Supreme Court on Swisscom, 2019
        ("fined SFr 71.8 million", [(71.8e6, "CHF")]),
        ("a fine of 19 030 981 euros", [(19030981, "EUR")]),  # CJEU on Slovak Telekom, 2021: spaced, currency last
        ("15 300-euro fines", [(300, "EUR")]),  # (one spaced group after a count is no amount)
        ("fined A1 Bulgaria 804 340 leva", [(804340, "BGN")]),  # Bulgaria's CPC, 2018: one spaced group before a space
        ("penalised Ooredoo Qatar QR3.5 million", [(3.5e6, "QAR")]),  # Qatar's CRA: the riyal as Qatar's press writes it
        ("GH¢34m in fines", [(34e6, "GHS")]),  # Ghana's NCA on the mobile operators, 2024
        ("fined ₾1.6 million", [(1.6e6, "GEL")]),  # Georgia's competition agency
        ("a fine of 2 million kuna", [(2e6, "HRK")]),
        ("500,000 dinars", []),  # (whose dinar depends on where the authorities are)
        # An ISO code after the number, in capitals (Saudi GAC on beIN Sports, 2018), not a word or a chip.
        ("fined 10 million SAR ($2.6 million)", [(1e7, "SAR"), (2.6e6, "USD")]),
        ("sold 10 million try-outs", []),
        ("5 million AMD chips", []),
        # A currency after the number wins over a code before it that is a company's name.
        ("fined AMD 10 million euros", [(1e7, "EUR")]),
        # A number written as a word, before million, billion or trillion (the CNMC on Telefónica,
        # December 2016); not one that ends another number, nor a word before a plain currency.
        ("fined Telefónica five million euros", [(5e6, "EUR")]),
        ("Five Million Euros", [(5e6, "EUR")]),
        ("half a billion dollars", [(5e8, "USD")]),
        ("one billion won and ten trillion won", [(1e9, "KRW"), (1e13, "KRW")]),
        ("twenty-five million euros", []),
        ("two million users", []),
        ("one euro", []),
        # A currency written in another case than the list's ("Ksh" for "KSh"); a one-letter sign
        # only as written ("r5" is no rand).
        ("fined Ksh 10,851,473.20", [(10851473.2, "KES")]),
        ("fined r5 million", []),
        # A currency with its country's name, and signs and forms of Asia's and Africa's press.
        ("fined 10 million Malaysian ringgit", [(1e7, "MYR")]),
        ("฿10 million", [(1e7, "THB")]),
        ("fined MK2.1 billion", [(2.1e9, "MWK")]),
        ("fined LE100,000", [(1e5, "EGP")]),
        # In Chinese: a 千 inside the number (as Singapore's and Malaysia's Chinese papers write
        # it), the ringgit, the dollar as 美金, Taiwan's dollar after the number.
        ("罚款1千300万新元", [(1.3e7, "SGD")]),
        ("罚款2亿5千万元", [(2.5e8, "CNY")]),
        ("罚款1千万元", [(1e7, "CNY")]),
        ("罚款933.7万令吉", [(9337000, "MYR")]),
        ("罚款30万7200令吉", [(307200, "MYR")]),
        ("罚款5亿美金", [(5e8, "USD")]),
        ("罚款200万台币", [(2e6, "TWD")]),
    ],
)
def test_money_forms(text: str, expected: list) -> None:
    assert [(pytest.approx(m["amount"]), m["currency"]) for m in find_money(text, chinese_context=False)] == expected


def test_share_of_turnover_is_kept_apart_and_conversions_are_not_fines() -> None:
    result = tag("The European Commission fined Google €1.8bn (about $2bn), or 4% of its global turnover, for abusing its dominance.")
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(1.8e9, "EUR")]
    assert [s["percent"] for s in result["turnover_shares"]] == [4.0]


def test_a_share_price_in_a_fine_s_sentence_is_no_fine() -> None:
    # Federal Court of Australia, 2021: Kogan to pay a $350,000 penalty; its shares rose 3.62% to $18.01.
    # (the money component's reading: whether so short a text is in the field is the relevance model's call)
    doc = load_pipeline("en")("The Federal Court of Australia ordered Kogan to pay a $350,000 penalty in the ACCC's "
                              "case over a misleading discount, and its shares rose 3.62% to $18.01 on the day.")
    assert [(m["amount"], m["currency"], m["kind"]) for m in doc.user_data[MONEY]] == [
        (350000, "AUD", "fine"), (18.01, "AUD", "other")]


def test_bodies_the_kb_lacks_place_an_action_no_kb_authority_places() -> None:
    # Delaware County Common Pleas Court, 15 August 2025: Ohio's common-carrier suit against Google.
    result = tag("A state judge of the Delaware County Common Pleas Court dismissed the Ohio Attorney General's "
                 "antitrust suit seeking to regulate Google's search engine as a common carrier.")
    assert result["jurisdictions"] == ["US"]
    # A KB authority's jurisdiction still decides where it is named (constructed sentence).
    both = tag("The European Commission fined Google for self-preferencing in search, an antitrust case that a "
               "judge of the Delaware County Common Pleas Court cited in Ohio.")
    assert both["jurisdictions"] == ["EU"]


def test_a_bare_dollar_is_the_local_dollar_where_the_authorities_are() -> None:
    # Federal Court of Australia, 2 December 2025: Google to pay $55 million (Australian dollars).
    australian = tag("The Federal Court of Australia ordered Google to pay a $55 million penalty in a case brought by the ACCC.")
    assert [(f["amount"], f["currency"]) for f in australian["fines"]] == [(55e6, "AUD")]
    american = tag("The FTC fined Google $55 million, and the ACCC welcomed the decision.")
    assert [f["currency"] for f in american["fines"]] == ["USD"], "authorities in two places: the US dollar"
    # Cofece, 2024: Walmart de México fined 93.4 million pesos; "pesos" is the local peso too.
    mexican = tag("Mexico's Cofece fined Walmex 93.4 million pesos ($4.6 million) over its supplier practices.")
    assert [(f["amount"], f["currency"]) for f in mexican["fines"]] == [(93.4e6, "MXN")]
    # ANRT, 2020: Maroc Telecom fined 3.3 billion dirhams; a body the KB does not list places it.
    moroccan = tag("Morocco's National Telecommunications Regulatory Agency fined Maroc Telecom 3.3 billion dirhams "
                   "for abusing its dominance.")
    assert [(f["amount"], f["currency"]) for f in moroccan["fines"]] == [(3.3e9, "MAD")]


# Constructed sentences, not reports of real events: each is a relevant action text whose
# amount is only possible or is damages, so it must not come out as a fine.
@pytest.mark.parametrize(
    "text",
    [
        "The European Commission opened a probe under the Digital Markets Act and could fine the gatekeeper up to $30 billion.",
        "A developer sued the platform for anticompetitive conduct in the Federal Court of Australia, seeking damages of $100 million and a penalty.",
        "The Federal Trade Commission fined the platform, which must also pay $425 million in damages to users.",
        "Norway's Competition Authority said it intends to fine Telenor 906 million Norwegian kroner for abusing its dominance.",
        "韩国放送通信委员会认定谷歌滥用市场支配地位，拟罚680亿韩元。",
        "韩国放送通信委员会认定谷歌违反电信事业法，若未作改善，将处以合计最高680亿韩元罚款。",
        # Israel Antitrust Authority on Bezeq, March 2018: the amount of a fine the headline says is to come,
        # repeated in the body without a frame of its own.
        "Israel's antitrust authority moves to fine Bezeq NIS 30 million over fibre access\n\nBezeq, which did not "
        "let rivals lay fibre through its ducts, faces the NIS 30 million penalty for monopolistic conduct after a hearing.",
    ],
)
def test_possible_fines_and_damages_are_not_fines(text: str) -> None:
    result = tag(text)
    assert result["relevant"], "the text reports an action, so an amount would be kept if it were a fine"
    assert result["fines"] == []


@pytest.mark.parametrize(
    ("text", "language", "amounts"),
    [
        # A periodic penalty's rate, and a law's range of fines (constructed sentences), as the
        # rules read them before the fine model has its say.
        ("CADE fined Apple 250,000 reais a day until it opens iOS to rival payment options.", "en", 1),
        ("The court set a penalty of 50,000 zlotys each day for any breach.", "en", 1),
        ("平台违反电子商务法的，处2万元以上10万元以下罚款。", "zh", 2),
    ],
)
def test_a_penalty_rate_or_a_range_the_law_sets_is_no_fine(text: str, language: str, amounts: int) -> None:
    doc = load_pipeline(language)(text)
    kinds = [m["kind"] for m in classify_money(doc, find_money(text, chinese_context=language == "zh"))]
    assert kinds == ["other"] * amounts


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
        # Competition Appeal Tribunal, 1 November 2023: a claim certified is a ruling on a suit filed before.
        ("Competition Appeal Tribunal certifies £853 million iPhone battery claim against Apple\n\nThe UK's Competition "
         "Appeal Tribunal certified opt-out collective proceedings brought by a consumer advocate against Apple.", "ruling"),
        # US Supreme Court, 6 October 2025: Google's emergency request denied.
        ("The US Supreme Court denied Google's emergency request in its antitrust case with Epic Games.", "ruling"),
        # UOKiK, 2025: charges brought against OLX.
        ("Poland's UOKiK said it had brought charges against OLX over its price sorting.", "investigation_opened"),
        # FAS, 2024: an asset swap approved with conditions.
        ("Russia's Federal Antimonopoly Service approves Yandex-VK asset swap with conditions.", "merger_review"),
        # Mexico, 2025: a decree overhauling the competition law.
        ("Mexico publishes a decree overhauling the Federal Economic Competition Law, replacing Cofece with a new "
         "antimonopoly commission; the reform enters into force on Thursday.", "legislation"),
        # UOKiK, 25 November 2025: antitrust proceedings against Apple.
        ("Poland's UOKiK has launched antitrust proceedings against Apple over App Tracking Transparency.",
         "investigation_opened"),
        # Apple, March 2024: a browser choice screen for EU iPhone users under the DMA.
        ("Apple shows EU iPhone users a browser choice screen to meet its obligations under the Digital Markets Act.",
         "compliance_change"),
        # Meta, November 2024: a less personalised ads option after European Commission concerns.
        ("Meta offers a less personalised ads option to satisfy EU regulators at the European Commission.",
         "compliance_change"),
        # KFTC, 2024: an on-site inspection of AliExpress's Korean arm opens a probe.
        ("Korea's Fair Trade Commission carried out an on-site investigation of Ali Korea, the Korean arm of "
         "AliExpress.", "investigation_opened"),
        # Latvia's and Lithuania's competition councils: a market watched is a step short of a case.
        ("Latvia's Competition Council and its Lithuanian counterpart have launched parallel monitoring of online "
         "marketplaces such as Amazon and Booking.com.", "other"),
        # FAS, 2025: warnings are steps short of a decision ("signs that …" is no law signed).
        ("Russia's FAS warns Ozon and Wildberries over sales run without sellers' consent.", "other"),
        # European Commission, 10 October 2025: requests for information under the DSA are a step.
        ("The European Commission has sent Snapchat and YouTube formal requests for information under the Digital "
         "Services Act on how they protect minors.", "other"),
        ("Russia's Federal Antimonopoly Service issued a warning to Ozon, finding signs that the company broke "
         "competition law with its points scheme.", "other"),
        # ACCC, 18 November 2024: a review of a proposed purchase; Argentina, 21 March 2025: a deal
        # suspended; KPPU, 3 June 2024: a company watched is a step short of a case.
        ("The ACCC said it had started reviewing Vocus Group Limited's proposed A$5.25 billion ($3.39 billion) "
         "purchase of TPG Telecom Limited's fibre assets.", "merger_review"),
        ("Argentina's government suspended Telecom Argentina's purchase of Telefonica's local unit after the CNDC "
         "raised competition concerns.", "merger_review"),
        ("Indonesia's competition commission KPPU is monitoring Starlink over suspected predatory pricing.", "other"),
        # Nissan, December 2024 and ChargePoint, 2024: charging networks opened to other carmakers' cars.
        ("Nissan drivers get access to 17,800 Tesla Superchargers through the MyNISSAN app.", "interoperability_opening"),
        ("ChargePoint starts installing NACS connectors, opening its chargers to Tesla drivers.", "interoperability_opening"),
        # Telkom, 2020: a penalty taken to the Competition Appeal Court.
        ("Telkom said it would challenge the R449m Competition Tribunal penalty at the Competition Appeal Court.",
         "appeal"),
    ],
)
def test_action_phrasings_name_their_type(text: str, event_type: str) -> None:
    # The rules' reading: one-sentence texts with no field word are near the learned relevance
    # column's boundary, which the gold set's floors hold.
    types = rule_types(text)
    assert types[0] == event_type and "lawsuit_filed" not in types[1:]


def test_a_combination_of_data_is_no_merger() -> None:
    # Bundeskartellamt, 7 February 2019: Facebook barred from combining its users' data from
    # WhatsApp, Instagram and third-party sites ("data combination" in the press).
    assert "merger_review" not in rule_types(
        "Bundeskartellamt prohibits Facebook's data combination\n\nThe Bundeskartellamt has prohibited Facebook "
        "from its data combination across WhatsApp, Instagram and third-party websites.")
    # CCI, October 2022: the Zee–Sony merger, which the CCI calls a combination, approved.
    assert rule_types("CCI approves proposed combination of Zee and Sony\n\nThe Competition Commission of India "
                      "approved the proposed combination involving Zee Entertainment and Sony Pictures Networks "
                      "India.")[0] == "merger_review"


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # Turkish Competition Board, 2025: the board cleared Amazon against its case team's call for a fine.
        ("The Turkish Competition Board cleared Amazon's pricing tool, rejecting its case team's call for a fine, and "
         "found no breach of competition law.", "other"),
        # Kenya's CAK before the Senate: a regulator reporting to a legislature is no legislation.
        ("Kenya's competition authority tells Senate Safaricom is not abusing its dominance\n\nThe Competition "
         "Authority of Kenya told the Senate that Safaricom had not abused its dominant position.", "other"),
        # MyCC, 3 October 2019: a proposed decision with a proposed fine.
        ("Malaysia's competition commission proposes RM86.77 million fine on Grab over driver ad clauses.", "other"),
        # FAS, 19 July 2022: Apple found in breach, its turnover fine still to come.
        ("俄罗斯联邦反垄断局认定苹果违反反垄断法 将处营业额罚款\n\n俄罗斯联邦反垄断局表示，苹果滥用App Store市场支配地位，违反了反垄断法。",
         "ruling"),
    ],
)
def test_a_fine_proposed_or_to_come_is_no_fine(text: str, event_type: str) -> None:
    assert rule_types(text) == [event_type]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # Korea, 2024: the ruling party is no court's ruling.
        ("Korea's ruling party and the KFTC agree on a bill banning platform self-preferencing.", "legislation", "ruling"),
        # Handelsblatt on the Commission, 2025: a fine readied is still to come.
        ("The European Commission readies a record €2.4bn fine for Google over self-preferencing.", None, "fine"),
        # Google, 2021-2022: rival billing let in is an opening; a probe of billing terms is not.
        ("Google lets developers in South Korea offer rival in-app billing under the new law.", "interoperability_opening", None),
        ("The KFTC is investigating Google's alternative billing terms.", "investigation_opened", "interoperability_opening"),
        # Handelsblatt on ChatGPT and the DSA, 2025; the Commission's warning to Meta, June 2025:
        # a designation prepared and fines warned of are still to come.
        ("Brussels prepares to designate ChatGPT a very large online search engine under the DSA.", None, "designation"),
        ("The European Commission warns Meta of daily fines over its pay-or-consent model.", None, "fine"),
    ],
)
def test_parties_planned_fines_and_rival_billing(text: str, present: str | None, absent: str | None) -> None:
    # The cue rules' types (constructed sentences after the reports named).
    types = rule_types(text)
    assert (present is None or present in types) and (absent is None or absent not in types)


def test_strategic_market_status_found_is_a_designation() -> None:
    # CMA, 22 October 2025: Apple and Google found to have strategic market status in mobile platforms.
    assert "designation" in rule_types("CMA finds Apple and Google have strategic market status in mobile platforms.")
    assert "designation" in rule_types("英国竞争与市场管理局（CMA）10月22日认定苹果和谷歌在移动平台具有战略市场地位。", language="zh")


def test_the_month_of_may_is_no_hedge() -> None:
    # (The cue rules' reading: the learned model may add a type to so short a text.)
    assert rule_types("On 7 May the CMA fined Ticketmaster over its pricing.") == ["fine"]


def test_taiwan_s_legislature_is_no_legislation_and_an_adviser_s_opinion_is_no_ruling() -> None:
    result = tag("公平会代主委：苹果案快有结果\n\n立法院经济委员会安排公平交易委员会业务报告，代理主委表示苹果案还没有结果。")
    assert "legislation" not in result["event_types"]
    # Advocate General Kokott, 19 June 2025: an opinion, not the court's judgment.
    opinion = tag("Adviser to EU top court urges judges to reject Google's Android fine appeal\n\nAdvocate General "
                  "Juliane Kokott advised the Court of Justice of the European Union to dismiss Google's appeal.")
    assert "other" in opinion["event_types"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # European Commission, 6 July 2023: an in-depth probe into a deal is its merger review.
        ("The European Commission opens an in-depth investigation into Amazon's planned $1.7 billion acquisition of iRobot.",
         ["merger_review"]),
        # SAMR, 10 October 2024: a probe into a company over a deal it did not notify is both.
        ("China's SAMR opens an antitrust probe into Qualcomm over its acquisition of Autotalks.",
         ["investigation_opened", "merger_review"]),
        # Competition Appeal Tribunal, 2025: a class action certified was filed before.
        ("UK tribunal certifies £1.7 billion class action over Microsoft's cloud licensing\n\nThe Competition Appeal "
         "Tribunal has certified a class action against Microsoft.", ["ruling"]),
    ],
)
def test_probes_into_deals_and_certified_claims(text: str, types: list) -> None:
    assert sorted(tag(text)["event_types"]) == types


def test_an_opening_made_to_comply_is_a_compliance_change_too() -> None:
    # Apple, 13 September 2024: alternative app stores on iPads in the EU under the DMA.
    result = tag("Apple to allow alternative app stores on iPads in the EU\n\nApple said iPad users in the European Union "
                 "will be able to install apps from alternative app marketplaces, to comply with the Digital Markets Act.")
    assert sorted(result["event_types"]) == ["compliance_change", "interoperability_opening"]


@pytest.mark.parametrize(
    "text",
    [
        # Constructed sentences in the way openings are reported: messaging standards, payments.
        "Apple adds support for RCS messaging on iPhone\n\nApple said iPhones will exchange RCS messages with Android phones.",
        "美团外卖支持云闪付付款\n\n美团宣布旗下外卖平台全面支持云闪付付款。",
        "苹果提升iOS与第三方设备的互操作性\n\n苹果宣布在欧盟提升iOS与第三方智能手表的互操作性。",
    ],
)
def test_support_for_a_rival_standard_or_wallet_is_an_opening(text: str) -> None:
    # (The type model may add a change made to comply, as a third of the dev set's openings are: 30 of 92.)
    assert rule_types(text) == ["interoperability_opening"] and tag(text)["event_types"][0] == "interoperability_opening"


@pytest.mark.parametrize(
    "text",
    [
        # iOS 26 (2025), Samsung's Quick Share (2026), WhatsApp's Business API (2026), in our words.
        "iOS 26 moves eSIMs between iPhone and Android\n\nUsers can now transfer a phone line between an iPhone and an Android phone.",
        "Galaxy phones get AirDrop support\n\nSamsung Electronics' update lets Galaxy owners exchange files directly with Apple devices.",
        "WhatsApp opens up in Europe\n\nMeta will let third-party AI chatbots use the WhatsApp Business API again.",
        # Apple's CarPlay in iOS 12 (2018) and Sony's PS4 cross-play (2018), in our words: a platform
        # opened to a rival's product or users.
        "Apple opens CarPlay to Google Maps and Waze\n\nDrivers can use rival navigation apps on their car screens.",
        "Sony opens PS4 to Fortnite cross-play with Xbox\n\nPlayers on the consoles can now play together.",
    ],
)
def test_a_bridge_to_rivals_devices_or_rivals_let_onto_a_platform_is_an_opening(text: str) -> None:
    assert rule_types(text)[0] == "interoperability_opening" and tag(text)["relevant"]


def test_bid_rigging_is_competition_whoever_punishes_it() -> None:
    # Shenzhen's finance bureau, decision of 26 September 2024: a bidder for OpenHarmony lab kits
    # colluded with another; no competition authority acts, the words make it competition.
    result = tag("深圳市财政局对上海恒时罚款11,940元\n\n深圳市财政局认定上海恒时计算机信息技术有限公司"
                 "在政府采购项目中与其他供应商串通投标，按投标报价的10‰处以罚款人民币11,940元。")
    assert result["relevant"] and result["event_types"] == ["fine"]
    assert [r["name"] for r in result["regulators"]] == ["深圳市财政局"]
    assert [(f["amount"], f["currency"]) for f in result["fines"]] == [(11940, "CNY")]


def test_an_opening_across_borders_is_where_its_headline_says() -> None:
    # Ford, February 2024: Tesla's Superchargers opened to its EV drivers in two countries.
    result = tag("Ford EV drivers get Tesla Supercharger access in the US and Canada\n\nFord said owners of its "
                 "electric vehicles can now charge at more than 15,000 Tesla Superchargers with an adapter. "
                 "Most of the stations are in the US.")
    assert result["event_types"][0] == "interoperability_opening"
    assert result["jurisdictions"] == ["US", "CA"]


def test_a_wallet_named_is_no_opening() -> None:
    # Beijing IP Court, 2021 (constructed lead): a suit over Meituan dropping Alipay is a suit.
    types = rule_types("美团取消支付宝渠道遭反垄断诉讼\n\n北京知识产权法院受理一起诉美团取消支付宝付款渠道的反垄断诉讼。", language="zh")
    assert "interoperability_opening" not in types


@pytest.mark.parametrize(
    ("text", "regulators", "jurisdictions"),
    [
        # Monetary Authority of Macao, February 2023: one terminal takes every local QR wallet ("聚易用").
        ("澳门“聚易用”聚合支付2月8日试行\n\n澳门金融管理局表示，商户一台机具即可受理所有本地二维码支付工具。",
         ["Monetary Authority of Macao"], ["MO"]),
        # FISC's TWQR, Taiwan: banks' and e-payment firms' customers pay by scanning one code.
        ("TWQR共通標示啟動 37家銀行與4家電支掃同一碼即可購物\n\n一卡通等電子支付公司加入，台灣消費者掃同一碼即可付款。", [], ["TW"]),
        # Apple, 30 June 2022: the South Korean App Store opened to other payment systems; a rival's
        # remark on privacy in the body does not make it a privacy story.
        ("Apple opens South Korean App Store to third-party payments\n\nApple said developers may now use payment "
         "systems other than its own in South Korea. Critics said rival billing could weaken privacy protections.", [], ["KR"]),
        # Changan and NIO, 21 November 2023: NIO's battery-swap network shared with another carmaker.
        ("长安汽车与蔚来签署换电合作协议\n\n双方将在换电电池标准、建设与共享换电网络等方面合作。", [], ["CN"]),
    ],
)
def test_a_payment_or_store_opened_to_others_is_an_opening(text: str, regulators: list, jurisdictions: list) -> None:
    result = tag(text)
    assert result["relevant"] and result["event_types"][0] == "interoperability_opening"
    assert [r["name"] for r in result["regulators"]] == regulators and result["jurisdictions"] == jurisdictions


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # European Commission, 19 September 2024: specification proceedings to make Apple open iOS.
        ("欧盟启动DMA规范程序 要求苹果开放iOS互操作性\n\n欧盟委员会9月19日宣布启动两项规范程序，以确保苹果履行《数字市场法》的互操作性义务，"
         "向竞争对手开放其生态。", "investigation_opened"),
        # Netherlands ACM, 5 September 2022: a market study that calls for interoperability rules.
        ("Dutch watchdog ACM finds cloud users locked in and calls for interoperability rules\n\nThe Netherlands "
         "Authority for Consumers and Markets published a market study on cloud services.", "other"),
    ],
)
def test_an_opening_demanded_is_not_an_opening_made(text: str, event_type: str) -> None:
    assert tag(text)["event_types"] == [event_type]


@pytest.mark.parametrize(
    "text",
    [
        # European Commission, 1 July 2024: preliminary findings that Meta fails to comply.
        "The European Commission sent Meta preliminary findings that its pay or consent model fails to comply with "
        "the Digital Markets Act.",
        # SAMR, 31 July 2024: guidelines on compliance are rules, not a company's change.
        "市场监管总局发布网络交易平台收费行为合规指南\n\n市场监管总局7月31日发布并施行《网络交易平台收费行为合规指南》，规范平台收费行为。",
    ],
)
def test_failing_to_comply_and_compliance_guidelines_are_no_compliance_change(text: str) -> None:
    result = tag(text)
    assert result["relevant"] and "compliance_change" not in result["event_types"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # Competition Appeal Tribunal, 2023-2024, on the "loyalty penalty" claims against UK mobile networks
        # (constructed leads): a class action launched is filed; the loyalty penalty is a price, not a fine.
        ("Justin Gutmann launches £3bn class action against Vodafone and EE\n\nThe consumer champion filed the claim "
         "at the Competition Appeal Tribunal over the loyalty penalty.", ["lawsuit_filed"]),
        ("Tribunal certifies £3bn loyalty penalty claims against Vodafone and EE\n\nThe Competition Appeal Tribunal "
         "certified the collective claims, which say the networks kept charging loyal customers for handsets they had "
         "paid off.", ["ruling"]),
        # Alex Neill's claim against Sony, August 2022: a company hit with a claim issued at the tribunal.
        ("Sony hit with £5bn UK class action over PlayStation Store prices\n\nThe opt-out class action was issued at "
         "the Competition Appeal Tribunal on Friday; it alleges that Sony abused its dominant position.", ["lawsuit_filed"]),
    ],
)
def test_a_class_action_launched_is_filed_and_a_loyalty_penalty_is_no_fine(text: str, types: list) -> None:
    assert rule_types(text) == types


def test_a_suit_to_block_a_deal_is_filed_and_reviews_the_deal() -> None:
    # Justice Department v Visa and Plaid, 5 November 2020 (constructed lead), as g304, g905, g1653 and g2078 read.
    types = rule_types("Justice Department sues to block Visa's purchase of Plaid\n\nThe Justice Department filed an "
                       "antitrust lawsuit to block the acquisition, saying it would let Visa keep a monopoly.")
    assert sorted(types) == ["lawsuit_filed", "merger_review"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # SAMR, 21 November 2023: Broadcom's VMware deal approved with restrictive conditions.
        ("市场监管总局附条件批准博通收购威睿\n\n国家市场监督管理总局21日公告，附加限制性条件批准博通公司收购威睿股权案。",
         ["merger_review"]),
        ("China's SAMR approves Nvidia's takeover of Mellanox with conditions.", ["merger_review"]),
        # European Commission, 6 December 2016: cleared after Microsoft's pledges on Office and Windows.
        ("The European Commission clears Microsoft's LinkedIn acquisition after Office and Windows pledges.", ["merger_review", "settlement_or_commitments"]),
    ],
)
def test_a_merger_cleared_with_conditions_is_a_commitment_only_where_pledges_are_named(text: str, types: list) -> None:
    # (The rules decide it; the type model may add what such coverage also reports, as "Office and Windows"
    # openings in the last text.)
    tagged = set(tag(text)["event_types"])
    assert sorted(rule_types(text)) == types and set(types) <= tagged
    assert ("settlement_or_commitments" in tagged) == ("settlement_or_commitments" in types)


@pytest.mark.parametrize(
    "text",
    [
        # Epic Games, 17 February 2021: the authority comes late in the sentence.
        "Epic Games said on Wednesday that it had filed an antitrust complaint against Apple with the European "
        "Commission's competition department.",
        # MercadoLibre, 26 August 2024.
        "MercadoLibre files cartel complaint against Argentine banks\n\nMercadoLibre lodged a complaint on Monday, "
        "August 26, 2024, with Argentina's National Commission for the Defense of Competition (CNDC).",
    ],
)
def test_a_complaint_to_an_authority_is_a_step_not_a_lawsuit(text: str) -> None:
    assert tag(text)["event_types"] == ["other"]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        # CCI on WhatsApp Pay, 18 August 2020: an authority closes a complaint (no case opened).
        ("CCI dismisses complaint over WhatsApp's payments push\n\nThe Competition Commission of India has thrown "
         "out a complaint that WhatsApp used its messaging dominance to push its payments service, finding no prima "
         "facie case.", True),
        # Judge Boasberg on the FTC's complaint against Facebook, 28 June 2021: a court's ruling.
        ("Judge throws out FTC complaint against Facebook\n\nA federal judge in Washington dismissed the antitrust "
         "complaint the Federal Trade Commission had brought against Facebook.", False),
    ],
)
def test_an_authority_dismissing_a_complaint_is_a_step(text: str, step: bool) -> None:
    types = rule_types(text)
    assert ("other" in types) == step and "ruling" in types


def test_a_statement_of_objections_is_a_step_not_a_probe_opened() -> None:
    # European Commission on Valve, 5 April 2019.
    text = ("EU charges Valve and five publishers with geo-blocking PC games\n\nThe European Commission sent Statements "
            "of Objections to Valve and five PC game publishers, setting out its preliminary view that they broke EU "
            "antitrust rules.")
    assert rule_types(text) == ["other"]


@pytest.mark.parametrize(
    "text",
    [
        # Alibaba, 25 October 2024, and Alphabet, 30 May 2025: suits investors bring over antitrust exposure.
        "Alibaba to pay $433.5 million to settle US investors' class action\n\nInvestors accused Alibaba of misleading "
        "them about its monopolistic practices.",
        "Alphabet to settle shareholder derivative suit\n\nShareholders accused its leaders of exposing the company to "
        "antitrust liability.",
    ],
)
def test_an_investor_suit_is_securities_law_whatever_it_is_about(text: str) -> None:
    assert not tag(text)["relevant"]


def test_a_body_the_text_s_country_makes_a_kb_authority_puts_the_text_in_the_field() -> None:
    # The Korea Newspaper Association's complaint against Naver, 28 December 2023.
    result = tag("Korean newspapers complain to Fair Trade Commission over Naver terms\n\nSEOUL — The Korea Newspaper "
                 "Association has lodged a formal complaint with the Fair Trade Commission against Naver over the use of "
                 "news to develop its AI.")
    assert result["relevant"] and [r["name"] for r in result["regulators"]] == ["KFTC"]


def test_a_news_bargaining_law_is_platform_regulation() -> None:
    # New Zealand's Fair Digital News Bargaining Bill, 2023.
    assert tag("New Zealand government to press on with news bargaining bill\n\nThe bill would make Google and Meta "
               "negotiate payments with publishers, the minister said.")["relevant"]


@pytest.mark.parametrize(
    ("text", "appeal"),
    [
        # Supreme Court of Korea, 13 April 2023: Qualcomm's KFTC penalty upheld (a judgment on an appeal).
        ("South Korea's Supreme Court upholds the KFTC's record penalty on Qualcomm.", True),
        # KFTC, 2 October 2024: Kakao Mobility says it will take the sanction to court.
        ("Kakao Mobility to file an administrative lawsuit against the KFTC's 72.4 billion won penalty.", True),
        # Nigeria's tribunal, 25 April 2025: a judgment in the lead that dismisses an appeal, from a court of first instance.
        ("Nigerian tribunal upholds $220 million FCCPC penalty on Meta\n\nNigeria's Competition and Consumer Protection "
         "Tribunal largely dismissed an appeal by Meta Platforms and WhatsApp against the penalty.", True),
        # Which?, November 2024: a collective claim against Apple at the Competition Appeal Tribunal.
        ("Which? files a £3bn competition claim against Apple at the Competition Appeal Tribunal.", False),
        # Qualcomm at the General Court, 2019 and 2018: a fine taken to a court, a court asked to scrap a
        # fine; a judge asked to throw out a suit is no appeal (Apple and the DOJ, May 2024).
        ("Qualcomm takes €242 million EU antitrust fine to the General Court\n\nQualcomm filed its challenge.", True),
        ("Qualcomm asks EU court to scrap 997 million euro antitrust fine\n\nQualcomm asked the General Court to "
         "annul the fine.", True),
        ("Apple urges judge to throw out Justice Department's antitrust suit\n\nApple asked the federal judge in New "
         "Jersey to throw out the case.", False),
    ],
)
def test_appeals_come_from_appellate_courts_and_suits_against_sanctions(text: str, appeal: bool) -> None:
    assert ("appeal" in tag(text)["event_types"]) is appeal


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # Beijing High Court, 29 December 2023: JD.com's suit against Alibaba judged at first instance.
        ("京东诉阿里二选一案一审宣判 北京高院判赔京东10亿元\n\n北京市高级人民法院对京东诉阿里巴巴垄断案作出一审判决，判令赔偿10亿元。",
         "ruling", "appeal"),
        # Hangzhou Intermediate Court, April 2025: a second-instance judgment.
        ("杭州中院二审判赔腾讯70万元\n\n杭州市中级人民法院近日审结一起不正当竞争上诉案，两家公司被判赔偿腾讯70万元。", "ruling", "lawsuit_filed"),
        # Tencent, 31 August 2021: exclusive music rights given up as SAMR's decision required.
        ("腾讯宣布放弃音乐版权独家授权\n\n腾讯表示已按照市场监管总局行政处罚决定书要求，放弃音乐版权独家授权权利。", "compliance_change", "merger_review"),
        # SAMR, 2023: merger review rules are rules, not a merger.
        ("市场监管总局公布经营者集中审查规定\n\n市场监管总局公布修订后的《经营者集中审查规定》，自公布之日起施行。", "legislation", "merger_review"),
        # KFTC, 18 September 2025: a joint venture cleared with conditions.
        ("南韩公平会附条件批准Gmarket与速卖通合资\n\n南韩公平交易委员会宣布，有条件批准Gmarket与速卖通成立合资公司。", "merger_review", "ruling"),
        # Apple, 13 March 2026: App Store commission cut after talks with China's regulators.
        ("苹果下调中国区App Store佣金率\n\n苹果公司表示，根据与中国监管部门的沟通，将调整中国内地App Store的佣金率。市场监管总局此前约谈苹果。",
         "compliance_change", "investigation_opened"),
        # Meituan, 27 October 2025: a benefit opened to all riders is no opening to rivals.
        ("美团骑手养老保险补贴覆盖全国\n\n美团宣布骑手养老保险补贴正式覆盖全国，这是行业首个面向全部类型骑手开放的社保补贴方案。市场监管总局此前约谈平台。",
         "other", "interoperability_opening"),
    ],
)
def test_chinese_court_compliance_and_rule_phrasings(text: str, present: str, absent: str) -> None:
    types = rule_types(text, language="zh")  # (the rules' reading, as in test_action_phrasings_name_their_type)
    assert present in types and absent not in types


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
        # NCLAT, November 2025: the hearing of Google's appeal against the CCI's Play Store order put off.
        ("NCLAT defers hearing of Google's appeal\n\nThe appellate tribunal adjourned Google's appeal against the CCI "
         "order that imposed a €100m penalty on it.", "en", False),
    ],
)
def test_a_fine_under_review_is_not_a_new_fine(text: str, language: str, fine_type: bool) -> None:
    # The cue rules' types: on the third text the learned model leaves the fine out (a miss).
    types = rule_types(text, language=language)
    assert {"ruling", "appeal"} & set(types), "a court or appeal action"
    assert ("fine" in types) is fine_type
    assert [f["currency"] for f in tag(text, language=language)["fines"]] == ["EUR"], "the fine under review is still reported"


def test_orders_combined_for_pay_are_no_merger_and_minimum_pay_is_labour() -> None:
    # Taiwan's Legislative Yuan committee on a delivery riders' law, December 2025: "合併計算"
    # (orders counted together for pay) is no merger, and a minimum pay per order is labour law.
    text = ("外送員專法初審過關 Uber Eats憂派單效率受影響\n\n立法院委員會初審通過外送員專法，每筆訂單保障至少新台幣45元，"
            "並隨最低工資調整。Uber Eats表示，若不讓順路合併配送合併計算報酬，派單效率將受影響。")
    assert "merger_review" not in rule_types(text, language="zh")
    assert tag(text, language="zh")["relevant"] is False


@pytest.mark.parametrize(
    "text",
    [
        # Federal Court of Australia, 18 June 2018 (ACCC v Apple, "error 53"): a date between court and order.
        "Apple ordered to pay $9 million in Australia\n\nThe Federal Court of Australia on 18 June 2018 ordered Apple "
        "to pay $9 million in penalties for misleading customers.",
        # The same court and Fitbit, December 2023: the order's object named at length, then the payment.
        "Fitbit to pay $11 million in Australia\n\nThe Federal Court of Australia on Tuesday ordered US-based Fitbit, "
        "owned by Google, to pay $11 million in penalties for misleading buyers.",
    ],
)
def test_a_penalty_a_court_orders_is_its_ruling_and_a_fine(text: str) -> None:
    types = rule_types(text)
    assert {"ruling", "fine"} <= set(types)


def test_a_platform_cutting_rivals_links_is_a_step_in_chinese_too() -> None:
    # Douyin's live rooms cut third-party product links (Taobao, JD), October 2020; WeChat Moments
    # blocking Douyin video links, March 2018. (The cue scores: these short texts name no field.)
    for text in ("抖音直播切断第三方商品链接\n\n10月9日起，淘宝、京东商品不能再进入抖音直播间购物车。",
                 "抖音视频链接遭微信朋友圈屏蔽\n\n微信称相关域名违反诱导分享规定。"):
        evidence = next(parsed_docs([{"id": 1, "text": text, "language": "zh"}]))._.type_evidence
        assert evidence.scores.get("other", 0) >= 1


def test_a_court_that_throws_out_a_claim_rules() -> None:
    # High Court of Australia, 2018: Valve's bid to overturn its penalty thrown out.
    assert "ruling" in rule_types("Australia's High Court throws out Valve's bid to overturn its Steam penalty\n\n"
                                  "The ACCC welcomed the decision.")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # UOKiK's summary of 2025 and the KFTC's of 2024: a year's fines, not a decision.
        ("UOKiK imposed penalties of 1.15 billion zlotys in 2025\n\nPoland's competition office UOKiK said its fines on "
         "Play operator P4 and others totalled 1,154,060,216 zlotys in 2025, according to its annual summary.", "en"),
        ("Korea's FTC penalties rise 26.5% to 550.2 billion won\n\nFines levied by the Fair Trade Commission climbed "
         "26.5% last year, led by Coupang.", "en"),
        # SAMR, 2025: three years of a campaign's fines.
        ("市场监管总局：民生领域反垄断执法专项行动三年罚没29.3亿元\n\n市场监管总局表示，专项行动三年来共罚没29.3亿元，涉及美团等平台。",
         "zh"),
    ],
)
def test_a_tally_of_fines_is_no_fine_decision(text: str, language: str) -> None:
    types = rule_types(text, language=language)
    assert "fine" not in types and "other" in types


@pytest.mark.parametrize(
    "text",
    [
        # Procedural steps short of a decision: a trial date (FTC v Amazon, 2024), a subpoena (DOJ
        # and Nvidia, September 2024), preliminary concerns (ACCC on Google/Fitbit, 2020).
        "Judge sets October 2026 trial in FTC's monopoly case against Amazon\n\nUS District Judge John Chun set the trial date.",
        "DOJ subpoenas Nvidia in AI chip antitrust probe\n\nThe Justice Department sent subpoenas to Nvidia, a report said.",
        "ACCC voices preliminary concerns over Google's Fitbit deal\n\nThe Australian Competition and Consumer Commission "
        "raised concerns about the acquisition.",
        # Closing arguments (US v Google, 2 May 2024); a bid to push a trial back (FTC v Amazon, March 2025).
        "Closing arguments begin in Google search case\n\nJudge Amit Mehta heard the Justice Department and Google.",
        "FTC lawyer asks to push back the September trial in its Amazon Prime case\n\nThe request was withdrawn.",
        # The ad tech trial opening (US v Google, 9 September 2024); a study the KFTC commissioned (November 2023).
        "Google goes to trial against US antitrust prosecutors\n\nThe Justice Department says Google dominates ad tech.",
        "Korea's FTC commissions study of Google's digital advertising\n\nThe Korea Fair Trade Commission ordered a "
        "research project into Google's advertising business.",
    ],
)
def test_procedural_steps_are_other(text: str) -> None:
    assert rule_types(text)[0] == "other"


@pytest.mark.parametrize(
    ("text", "language", "first_type"),
    [
        # JFTC, 2022: a probe of smartphone operating systems planned, not opened.
        ("日本拟调查智能手机操作系统市场\n\n日本公平交易委员会拟调查苹果和谷歌是否阻碍公平竞争。", "zh", "other"),
        ("Japan's watchdog plans to investigate smartphone operating systems\n\nThe JFTC plans to investigate "
         "whether Apple and Google hinder competition.", "en", "other"),
        # Reuters, September 2020: China preparing an antitrust probe into Google (no cue of another
        # step: a step short of one, as the company and the field word in the headline say).
        ("中国准备对谷歌发起反垄断调查\n\n知情人士称，中国市场监管部门正准备对谷歌发起反垄断调查。", "zh", "other"),
        ("China prepares to open antitrust probe into Google\n\nChina's market regulator is preparing to open an "
         "antitrust investigation into Google, sources said.", "en", "other"),
    ],
)
def test_a_probe_planned_is_no_probe_opened(text: str, language: str, first_type: str) -> None:
    types = rule_types(text, language=language)
    assert "investigation_opened" not in types and (types[0] if types else None) == first_type


@pytest.mark.parametrize(
    "text",
    [
        # The State Council's General Office, 8 August 2019: guiding opinions on the platform economy.
        "国办印发促进平台经济规范健康发展指导意见\n\n国务院办公厅8月8日对外公布《关于促进平台经济规范健康发展的指导意见》，着力营造公平竞争的市场环境。",
        # SAMR, February 2026: antitrust compliance guidelines for internet platforms.
        "市场监管总局正式发布互联网平台反垄断合规指引\n\n市场监管总局发布《互联网平台反垄断合规指引》，列出“二选一”等八类风险。",
    ],
)
def test_guidelines_and_opinions_issued_are_legislation(text: str) -> None:
    result = tag(text, language="zh")
    assert result["relevant"] and result["event_types"][0] == "legislation" and "compliance_change" not in result["event_types"]


@pytest.mark.parametrize(
    ("text", "language", "ruling"),
    [
        # Google, 16 January 2026: its appeal of the search monopoly ruling (Judge Mehta, 2024).
        ("Google appeals search monopoly ruling\n\nGoogle filed an appeal against the US District Court's ruling "
         "that it illegally monopolised search.", "en", False),
        ("苹果不服「苹果税」集体诉讼判决 向英国上诉法院提起上诉\n\n苹果已就竞争上诉审裁处的判决提起上诉。", "zh", False),
        # Seoul High Court, 2024: a penalty cancelled on appeal; cancelling a subscription is no ruling.
        ("Seoul High Court cancels ₩27.1 billion KFTC penalty on Google\n\nThe court cancelled the penalty on "
         "Google's appeal.", "en", True),
        # NCLAT, 2024: a stay pending appeal is the tribunal's ruling.
        ("NCLAT stays CCI's ₹223.48-crore penalty on MakeMyTrip\n\nThe National Company Law Appellate Tribunal "
         "stayed the penalty on deposit of 10% of it, pending the appeal.", "en", True),
        # A decided appeal is a ruling too (General Court, 10 November 2021).
        ("General Court dismisses Google's appeal against the Shopping ruling\n\nThe General Court upheld the "
         "Commission's decision.", "en", True),
    ],
)
def test_an_appeal_brought_is_no_new_ruling(text: str, language: str, ruling: bool) -> None:
    types = rule_types(text, language=language)
    assert "appeal" in types and ("ruling" in types) is ruling


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # SAMR, 2025: merger reviews concluded in a year; its annual enforcement report.
        ("2025年审结经营者集中706件增9.8%\n\n市场监管总局表示，2025年共审结经营者集中案件706件，无条件批准700件。", "zh"),
        ("市场监管总局发布反垄断执法年度报告\n\n报告显示，市场监管总局依法查处垄断协议案件27件，对平台企业二选一立案调查。", "zh"),
    ],
)
def test_an_authority_s_record_over_a_period_is_other(text: str, language: str) -> None:
    assert rule_types(text, language=language) == ["other"]


def test_an_employee_s_non_compete_is_labour_law_not_competition() -> None:
    # JOYY (欢聚时代) and a former engineer before the Panyu court, 2021: a non-compete
    # (竞业限制, 不竞争承诺) binds a worker, not a market.
    text = ("广州欢聚时代信息科技有限公司与前员工林某的竞业限制纠纷进入诉讼\n\n双方签订《竞业限制协议》《保密及不竞争承诺"
            "协议书》，欢聚时代要求林某支付违约金，林某起诉请求判令其无须支付。")
    assert rule_types(text, language="zh") == [] and not tag(text, language="zh")["relevant"]


def test_an_outlet_cited_for_a_report_is_not_a_party() -> None:
    # Google's appeal to the EU Court of Justice, 20 January 2022, as Sina Tech reported it.
    cited = tag("据新浪科技报道，谷歌将就欧盟罚款向欧洲法院上诉。", language="zh")
    assert "Google" in {c["name"] for c in cited["companies"]} and "Sina" not in {c["name"] for c in cited["companies"]}
    # The CCI's order for a probe of Apple's App Store, 31 December 2021, dated in the citation.
    dated = tag("据新浪科技北京时间12月31日晚间报道，印度竞争委员会下令调查苹果。", language="zh")
    assert "Apple" in {c["name"] for c in dated["companies"]} and "Sina" not in {c["name"] for c in dated["companies"]}
    # A summons of Sina Weibo by the Cyberspace Administration: here Sina is a party.
    party = tag("国家网信办约谈新浪微博，要求其整改。", language="zh")
    assert "Sina" in {c["name"] for c in party["companies"]}


def test_a_social_network_spoken_on_is_not_a_party() -> None:
    # India's CCI announces merger approvals on X (Dixon Technologies' CP Plus swap, 2025);
    # Didi announced on Weibo, 16 January 2022, that it took new users again.
    def names(text: str, language: str = "en") -> set[str]:
        return {c["name"] for c in tag(text, language=language)["companies"]}

    assert "X" not in names("The CCI approved Dixon Technologies' swap of its CP Plus stake. The commission "
                            "announced the decision in a post on X.")
    assert "Weibo" not in names("滴滴出行1月16日在微博宣布，公司已配合国家网络安全审查办公室完成整改，恢复新用户注册。",
                                language="zh")
    # Where the network is the one acted on, it stays named, as it does elsewhere in the text.
    assert "X" in names("The European Commission opened formal proceedings against X under the Digital "
                        "Services Act, Thierry Breton said in a post on X.")
    assert "X" in names("Regulators fined X. Its owner wrote on X's own forum that it would appeal.")


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


def test_a_trade_fair_is_no_legislature() -> None:
    result = tag("Samsung and Microsoft showed new devices at the Mobile World Congress in Barcelona, where the "
                 "US Federal Trade Commission chair spoke about American rules.")
    assert "US Congress" not in [r["name"] for r in result["regulators"]]


def test_names_that_hold_an_alias_but_name_something_else() -> None:
    # Azerbaijan's antimonopoly service on Azercell, 2023: another Telekom than Deutsche Telekom's.
    operator = tag("Azerbaijan's antimonopoly service fined Azercell Telekom 1.6 million manat.")
    assert "Deutsche Telekom" not in [c["name"] for c in operator["companies"]]
    # F-Droid's "Keep Android Open" campaign, 2025; the FCC's Wireline Competition Bureau on
    # Charter and Cox, 2026.
    campaign = tag("F-Droid and Keep Android Open sent Google an open letter against developer verification.")
    assert "Keep" not in [c["name"] for c in campaign["companies"]]
    bureau = tag("The FCC's Wireline Competition Bureau approved Charter's purchase of Cox.")
    assert "Competition Bureau" not in [r["name"] for r in bureau["regulators"]]
    assert "Charter Communications" in [c["name"] for c in bureau["companies"]]
    # Ofcom's 2021 airwaves auction (its spectrum holders are no cable brand); the EU's Charter
    # of Fundamental Rights in Amazon's VLOP case (2025).
    auction = tag("Ofcom's auction of 5G spectrum raised £1.4bn; Airspan Spectrum Holdings won no lots.")
    charter = tag("Amazon argued its designation breached the Charter of Fundamental Rights; the General Court disagreed.")
    assert "Charter Communications" not in [c["name"] for r in (auction, charter) for c in r["companies"]]
    # Texas's App Store Accountability Act, signed 27 May 2025: a law named after a store is no mention of it.
    law = tag("Texas Governor Greg Abbott signed the App Store Accountability Act, making Apple and Google verify users' ages.")
    assert "App Store" not in [c["name"] for c in law["companies"]] and "Apple" in [c["name"] for c in law["companies"]]
    # A constructed sentence: the casino group MGM Resorts is not Amazon's studio MGM.
    casino = tag("Shares of MGM Resorts rose in Las Vegas trading while Amazon shares fell.")
    assert "MGM" not in [c["name"] for c in casino["companies"]]
    # Lazada's layoffs, January 2024, as the business paper The Edge Singapore reported them: no browser.
    paper = tag("Lazada started 2024 with layoffs at its Singapore office, The Edge Singapore reported. Shopee was hiring.")
    assert "Edge" not in [c["name"] for c in paper["companies"]]
    # FTC v Amazon, 2025: Amazon's cancellation flow, nicknamed the Iliad, is not the French group Iliad.
    flow = tag("Amazon went on trial in Seattle over Federal Trade Commission claims that it made Prime too hard to "
               "cancel. The agency says the cancellation process, nicknamed the Iliad inside Amazon, affected nearly 40 "
               "million customers.")
    assert "Iliad" not in [c["name"] for c in flow["companies"]]
    quoted = tag('The FTC says Amazon made cancelling hard through a process insiders nicknamed "Iliad".')
    assert "Iliad" not in [c["name"] for c in quoted["companies"]]
    # SEC v Coinbase, June 2023: Coinbase's brokerage for institutions is not Amazon's Prime.
    brokerage = tag("The SEC said Coinbase Prime routes orders to the Coinbase exchange.")
    assert {"Prime", "Amazon"}.isdisjoint(c["name"] for c in brokerage["companies"])


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # Cofece, 13 June 2025: a case closed without sanctions is a step, not a judgment.
        ("Mexico's Cofece closes Google digital advertising case without sanctions.", "other", "ruling"),
        # JFTC, 10 March 2020: a petition withdrawn is no suit filed.
        ("Japan's FTC drops court bid to halt Rakuten free-shipping plan\n\nThe Japan Fair Trade Commission withdrew its "
         "petition asking the Tokyo District Court for an emergency order.", "other", "lawsuit_filed"),
        # Vipps, 9 December 2024: Apple's NFC chip opened to a rival wallet.
        ("Vipps becomes first rival to Apple Pay on iPhone after Apple opens NFC chip\n\nNorway's Vipps let iPhone users "
         "pay in shops, as the European Commission's commitments require.", "interoperability_opening", "lawsuit_filed"),
        # European Commission, 2026: a preliminary view is no designation.
        ("The European Commission informed Amazon of its preliminary view that its cloud service AWS should be designated "
         "as a gatekeeper under the Digital Markets Act.", "other", "designation"),
    ],
)
def test_closures_withdrawals_openings_and_preliminary_views(text: str, present: str, absent: str) -> None:
    types = tag(text)["event_types"]
    assert present in types and absent not in types


def test_a_second_request_is_a_merger_review_and_a_housing_ads_settlement_is_out_of_the_field() -> None:
    # The DOJ's second request on Salesforce–Slack (February 2021); Meta's Fair Housing Act
    # settlement with the DOJ (June 2022): the sentences ours.
    review = tag("Justice Department sends second request on Salesforce's $27.7 billion Slack deal\n\nThe Justice "
                 "Department has asked Salesforce for more information about its purchase of Slack, extending its "
                 "antitrust review.")
    assert review["relevant"] and "merger_review" in review["event_types"]
    housing = tag("Meta settles Justice Department case over discriminatory housing ads\n\nMeta agreed to change its "
                  "ad delivery system to settle claims under the Fair Housing Act that it let advertisers exclude users.")
    assert not housing["relevant"]


def test_a_law_on_merger_notification_is_legislation_not_a_merger() -> None:
    # Parliament of Australia, 28 November 2024: mandatory merger notification.
    result = tag("Australia makes merger notification to the ACCC mandatory\n\nThe reform bill replaces the voluntary "
                 "merger clearance process with mandatory merger notification from 2026.")
    assert result["event_types"] == ["legislation"]


def rule_companies(text: str, **record) -> dict[str, str | None]:
    """The companies the KB does not know that the legal-form and context rules find, with their
    parents (those named bare are the name model's: tests/test_namemodel.py)."""
    return {c["name"]: c["parent"] for c in next(parsed_docs([{"id": 1, "text": text, **record}]))._.new_companies or []}


@pytest.mark.parametrize(
    ("text", "language", "named"),
    [
        # Bell's purchase of MTS, 2017: Xplornet to take 24,700 subscribers and six stores. The
        # legal form is dropped; the words opening the sentence and a possessive are no part of
        # the name.
        ("On Monday Xplornet Communications Inc. agreed to buy 24,700 subscribers and six stores from "
         "Manitoba's MTS Inc.", "en", {"Xplornet Communications": None, "MTS": None}),
        # A page's copyright line: neither the word nor the years are part of the name.
        ("Copyright 1996-98 AccuSoft Inc. All rights reserved.", "en", {"AccuSoft": None}),
        # Bundeskartellamt, 2023, on the maker of Fritz!Box routers; Temu's Dublin company
        # (constructed sentence): a spelled-out or foreign form stays as written.
        ("The authority fined AVM Computersysteme Vertriebs GmbH over resale prices.", "en",
         {"AVM Computersysteme Vertriebs GmbH": None}),
        ("Shares of Dublin-based Whaleco Technology Limited were not traded.", "en", {"Whaleco Technology Limited": None}),
        # CCI, 2021, on Zee and Sony's Indian units: India's "Private Ltd" is dropped as "Ltd" is, "Private
        # Limited" kept as "Limited" is (constructed sentences).
        ("Culver Max Entertainment Private Ltd and Bangla Entertainment Pvt. Ltd. will merge, the CCI said.", "en",
         {"Culver Max Entertainment": None, "Bangla Entertainment": None}),
        ("The CCI cleared Innovative Retail Concepts Private Limited buying the stake.", "en",
         {"Innovative Retail Concepts Private Limited": None}),
        # NZ Commerce Commission, 2023, on 2degrees' sellers: a form written with a full stop keeps it at a
        # sentence's end.
        ("The buyer acquires the shares from Trilogy International New Zealand LLC and Tesbrit B.V. The deal closes soon.",
         "en", {"Trilogy International New Zealand": None, "Tesbrit B.V.": None}),
        # Hungary's GVH, December 2019: a form's full stop before a currency code and an amount is the form's.
        ("The GVH fined Vodafone Magyarország Zrt. HUF 1.176 billion for unfair practices.", "en",
         {"Vodafone Magyarország Zrt.": "Vodafone"}),
        # Turkish Competition Board, 2021: a name opening with a capital of another Latin alphabet, a Turkish form.
        ("The board fined Çiçek Sepeti İnternet Hizmetleri A.Ş. over deleted messages.", "en",
         {"Çiçek Sepeti İnternet Hizmetleri A.Ş.": None}),
        # AGCM on TicketOne, 2020 (constructed list with a KB company): a name in a list is read once, with
        # its form's full stop.
        ("The AGCM said TicketOne competes with Friends & Partners S.p.A., Vertigo S.r.l. and Ticketmaster in Italy.",
         "en", {"Friends & Partners S.p.A.": None, "Vertigo S.r.l.": None}),
        # Ecuador's SCPM, December 2020, and Colombia's SIC, May 2022: Spanish forms of one person's
        # company (S.L.U.) and of a public-services company after S.A. (E.S.P.).
        ("The SCPM cleared the purchase of Glovo LATAM S.L.U., the SCPM said.", "en", {"Glovo LATAM S.L.U.": "Delivery Hero"}),
        ("The SIC fined Colombia Móvil S.A. E.S.P. for reassigning prepaid numbers.", "en",
         {"Colombia Móvil S.A. E.S.P.": None}),
        # Bank of Lithuania, 2025: a company of a KB group under a kept form has the group as parent,
        # and so has one followed by a KB company's name in brackets (constructed sentence).
        ("The Bank of Lithuania fined Revolut Bank UAB 3.5 million euros.", "en", {"Revolut Bank UAB": "Revolut"}),
        ("Whaleco Technology Limited (Temu) was fined.", "en", {"Whaleco Technology Limited": "PDD Holdings"}),
        # Beijing IP Court, 2020: a suit against Meituan's registered operators.
        ("北京知识产权法院决定受理王某诉北京三快科技有限公司、北京三快信息科技有限公司滥用市场支配地位纠纷案。", "zh",
         {"北京三快科技": None, "北京三快信息科技": None}),
        # CMA, 2024: one named company bought another; "of" after the first one's form starts the second.
        ("The CMA cleared the purchase by NEC Software Solutions UK Limited of SSS Public Safety Limited.", "en",
         {"NEC Software Solutions UK Limited": "NEC", "SSS Public Safety Limited": None}),
        # Beijing IP Court (constructed): 在 opens a name's 在线 ("online"), not the words before it.
        ("北京知识产权法院受理王某诉北京三快在线科技有限公司滥用市场支配地位纠纷案。", "zh", {"北京三快在线科技": None}),
        # Taiwan FTC (traditional script, constructed sentence).
        ("公平會處分台灣恆營股份有限公司違反公平交易法。", "zh", {"台灣恆營": None}),
        # Beijing Internet Court, 2021: Douyin's operator has Douyin's group as its parent.
        ("北京互聯網法院對凌某某訴抖音運營方北京微播視界科技有限公司一案作出判決。", "zh", {"北京微播視界科技": "ByteDance"}),
        # Shanghai AMR, 2020, on Sherpa's: the registered name, though the headline writes the trade name.
        ("食派士搞“二选一”被罚\n\n上海市市场监管局对上海食派士商贸发展有限公司作出行政处罚。", "zh", {"上海食派士商贸发展": None}),
        # Taiwan's administrative courts on cable operators' exclusive deals (constructed sentences): a
        # former name in brackets after the name, and a name after the verb that rejects its appeal.
        ("法院判決天外天興業股份有限公司（原名天外天有線電視股份有限公司）勝訴。", "zh",
         {"天外天興業": None, "天外天有線電視": None}),
        ("最高行政法院駁回金頻道有線電視股份有限公司的上訴。", "zh", {"金頻道有線電視": None}),
        # SAMR, 22 July 2023: a deal it prohibited; the name runs from the verb that bars it.
        ("市场监管总局决定禁止武汉用通医药有限公司收购山东北大高科华泰制药有限公司股权。", "zh",
         {"武汉用通医药": None, "山东北大高科华泰制药": None}),
        # Taiwan FTC, 11 November 2020: foreign companies in Latin script against Chinese characters.
        ("公平會處分日商NHK Spring Co., Ltd.，全球僅Hutchinson Technology Inc.及Suncall Corporation四家生產。", "zh",
         {"NHK Spring": None, "Hutchinson Technology": None, "Suncall Corporation": None}),
    ],
)
def test_a_company_the_kb_does_not_know_is_named_by_its_legal_form(text: str, language: str, named: dict) -> None:
    assert rule_companies(text, language=language) == named


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Texas AG sued Google LLC over its ad tech tools.", "en"),  # an authority (Texas AG), a KB company
        ("Montana AG Austin Knudsen sued Apple Inc. over the App Store.", "en"),  # a form before a name is none
        ("Britain's Corporation Tax Act applies to the Limited Partnerships Act.", "en"),  # laws
        ("The Public Procurement Authority Limited rejected the bid.", "en"),  # an authority's word
        ("Korea Limited said it would appeal.", "en"),  # a place
        # A KB group's company under a dropped form or in Chinese, or a KB company in brackets
        # after the name: the linker names the group, nothing more.
        ("Google Ireland Ltd. and GlovoApp Morocco SARL were fined.", "en"),
        ("消费者起诉苹果公司和苹果电脑贸易（上海）有限公司。", "zh"),
        ("外送平台富胖達股份有限公司（foodpanda）要求合作餐廳維持店內價。", "zh"),
        ("法院判决北京某科技有限公司赔偿，另一家科技有限公司未被处罚。", "zh"),  # an anonymised party, a description
    ],
)
def test_no_company_is_made_of_an_authority_law_place_or_known_company(text: str, language: str) -> None:
    # Constructed sentences.
    assert rule_companies(text, language=language) == {}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # European Commission, 2011: the e-book publishers named beside Apple; a list with a
        # known company in it names companies.
        ("The Commission opened proceedings against Apple, Hachette Livre, HarperCollins, Simon & Schuster, "
         "Penguin and Verlagsgruppe Georg von Holtzbrinck over e-book prices.",
         {"Verlagsgruppe Georg von Holtzbrinck": None}),
        # KPPU, 2022 (constructed sentence): the list may start before the known company.
        ("Rivals including Lazada, Blibli and Shopee compete with Tokopedia.", {"Blibli": None}),
        # CMA, 2026, and Ofcom's duct and pole access (2019): a kind of company before a name.
        ("The CMA fined retailer Marks Electrical over price displays.", {"Marks Electrical": None}),
        ("Ofcom said that fibre operators CityFibre and Hyperoptic use Openreach's ducts and poles.",
         {"CityFibre": None, "Hyperoptic": None}),
        # FTC, 2023: both sides of a deal; a form ending the name is left out (Bell and MTS, 2017).
        ("The FTC sued to block IQVIA's acquisition of Propel Media, a health care ad platform.",
         {"IQVIA": None, "Propel Media": None}),
        ("Bell completed the sale of subscribers to Xplornet Communications Inc after the Competition Bureau's "
         "consent agreement.", {"Xplornet Communications": None}),
        # The EU's first alternative iOS store, April 2024: a kind of app before its name.
        ("The store opened with two apps: the Nintendo emulator Delta and the clipboard manager Clip.", {"Delta": None}),
        # Competition Tribunal of South Africa, 2021, and Malaysia's MyCC, 2021 (constructed
        # sentences): a name ends before an amount; one also written in full is that company once.
        ("The tribunal fined operator Telkom R449 million.", {"Telkom": None}),
        ("MyCC fined Dagang Net Technologies Sdn Bhd, and rival Dagang Net said it would appeal.",
         {"Dagang Net Technologies": None}),
        # After CCI's 2023 clearance (constructed sentence): the company bought, named before the
        # deal word after its buyer's.
        ("India's competition watchdog cleared Acmepay's $4.7 billion BillDesk purchase.",
         {"Acmepay": None, "BillDesk": None}),
        # South Africa's Competition Tribunal, 2024: an amount before the company bought is no part of its name.
        ("South Africa's Competition Tribunal cleared Lesaka's R1.6bn Adumo takeover.", {"Lesaka": None, "Adumo": None}),
        # South Africa's Competition Tribunal on Cell C, 2024: initials in brackets after a name are
        # no part of it (Cell C is the KB's).
        ("The tribunal approved a deal under which mobile operator Cell C will acquire Comm Equipment Company (CEC).",
         {"Comm Equipment Company": None}),
    ],
)
def test_a_company_the_kb_does_not_know_is_named_by_its_context(text: str, named: dict) -> None:
    assert rule_companies(text) == named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # SAMR's administrative guidance to shared power-bank and bike brands, 2023 (constructed
        # sentence): a 、 list with a known company in it; the first item after a word that opens
        # a name, the last before the count that closes the list.
        ("市场监管总局约谈哈啰、青桔、美团、怪兽、小电等8个共享消费品牌。", {"青桔": None, "怪兽": None, "小电": None}),
        # Taiwan FTC, 2024: "及" parts the last two items.
        ("公平會處分東森得易購、禾笙科技及飛樂數位三家公司。", {"禾笙科技": None, "飛樂數位": None}),
        # Taiwan's digital ministry, 2024 (constructed): a Latin name against the Chinese before it.
        ("數位部召開說明會，邀請PTT、Dcard、Google與會。", {"PTT": None, "Dcard": None}),
        # Taiwan FTC, 2020, and Setapp's closure, 2025: a Latin name after a kind of company, though
        # a KB alias opens it ("Mac" of "MacPaw").
        ("公平會不禁止統一超商結合外送平台foodomo。", {"foodomo": None}),
        ("開發商MacPaw旗下的第三方軟體市集Setapp Mobile宣布停止服務。", {"MacPaw": None}),
    ],
)
def test_a_company_the_kb_does_not_know_is_named_by_its_chinese_context(text: str, named: dict) -> None:
    assert rule_companies(text, language="zh") == named


@pytest.mark.parametrize(
    "text",
    [
        "北京、上海、美团和京东都在名单上。",  # places in the list
        "微信已补齐音视频通话、朋友圈、微信支付、小程序等功能。",  # a product's features, not companies
        "该公司CEO表示将上诉。",  # a title after a kind of company
        "调查对象包括谷歌土耳其公司、谷歌国际公司、谷歌公司和母公司Alphabet。",  # a KB group's companies
        "公平會罰雅虎、富邦媒體及供貨商。",  # a kind of company as an item
    ],
)
def test_no_company_is_made_of_chinese_lists_of_places_features_or_kinds(text: str) -> None:
    # Constructed sentences.
    assert rule_companies(text, language="zh") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Apple and Tim Cook won the appeal.",  # two names are no list
        "Google, the European Commission and Ireland disagree.",  # a list with an authority and a place
        "Shopee, Lazada and Tokopedia were fined Rp202.5 million.",  # an amount after a list
        "OpenAI and rival AI developers asked the court for time.",  # an adjective, not a name
        "Apple sold the iPhone 15, iPhone 6s and SE models.",  # model numbers
        "The regulator fined the company Rp202.5 billion.",  # an amount after a kind of company
        "The regulator fined router maker Fritz!Box's owner.",  # a word cut short ("Fritz" of "Fritz!Box")
        "Samsung's purchase of K-pop label shares drew the regulator's attention.",  # a description, not a name
    ],
)
def test_no_company_is_made_of_two_names_mixed_lists_amounts_or_adjectives(text: str) -> None:
    # Constructed sentences.
    assert rule_companies(text) == {}


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
    ("国家市场监督管理总局对腾讯处以1000万瑞士法郎罚款。", [(10e6, "CHF")]),  # (a company named: a fine on "该公司" alone may be any sector's)
    # "Rs" is the rupee of the authority's country (CCP on the ICH cartel, Pakistan).
    ("The Competition Commission of Pakistan fined PTCL Rs. 46 crore for its part in the ICH cartel.",
     [(460e6, "PKR")]),
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


@pytest.mark.parametrize(
    ("text", "fines"),
    [
        # SAMR, 8 October 2021: the revenue before the fine names the revenue, not the fine.
        ("市场监管总局对美团作出行政处罚，按其2020年国内销售额1147.48亿元的3%罚款，计34.42亿元。", [(3.442e9, "CNY")]),
        # Taiwan FTC, 14 September 2023: a monthly plan's price is no fine.
        ("公平會認定台灣大哥大與中華電信聯合停止月繳699元方案優惠，處中華電信新臺幣4000萬元罰鍰。", [(4e7, "TWD")]),
        # Taiwan FTC, October 2016: a fine whose word follows a decimal amount.
        ("公平會2016年10月對凱擘等三家頻道代理商合計處1.26億元罰鍰。", [(1.26e8, "TWD")]),
    ],
)
def test_words_that_name_an_amount_bind_to_that_amount(text: str, fines: list) -> None:
    assert [(f["amount"], f["currency"]) for f in tag(text)["fines"]] == fines


def test_kb_yaml_with_an_unquoted_boolean_is_refused(tmp_path: Path) -> None:
    from gatewatch.nlp.kb import read_yaml_file

    bad = tmp_path / "bad.yaml"
    bad.write_text("local:\n  NO: NOK\n", encoding="utf-8")  # Norway's code, read as False
    with pytest.raises(ValueError, match="quote it"):
        read_yaml_file(bad)
    bad.write_text("cues: [fine, on]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote it"):
        read_yaml_file(bad)


def test_every_wikidata_id_is_well_formed_sourced_and_one_entity_s() -> None:
    # A wrong QID is worse than none: each names where it was checked, and none is shared.
    linked = [entity for entity in load_kb().entities.values() if entity.wikidata]
    assert len(linked) >= 200
    assert all(re.fullmatch(r"Q[1-9]\d*", entity.wikidata) and entity.wikidata_source for entity in linked)
    assert len({entity.wikidata for entity in linked}) == len(linked)


def test_revenue_is_not_a_fine() -> None:
    result = tag("Apple reported revenue of $94.9 billion as the EU antitrust fine of €1.8 billion weighed on the quarter.")
    assert [f["currency"] for f in result["fines"]] == ["EUR"]


def test_fines_in_wire_style_and_gulf_currencies_and_penalties_asked_for() -> None:
    # Moscow Arbitration Court, 2023 (TASS style); Saudi GAC, 2024; South Africa's Competition
    # Commission had asked for R3.5 billion against Telkom.
    upheld = tag("Court upholds FAS's 1.3 bln ruble fine on Booking.com\n\nThe Arbitration Court of Moscow rejected "
                 "Booking.com's challenge to the antitrust fine.")
    assert [(f["currency"], f["amount"]) for f in upheld["fines"]] == [("RUB", 1_300_000_000)]
    saudi = tag("Saudi competition authority fines four companies SR53 mln\n\nThe General Authority for Competition "
                "imposed the antitrust fines.")
    assert [(f["currency"], f["amount"]) for f in saudi["fines"]] == [("SAR", 53_000_000)]
    telkom = tag("South Africa's Competition Tribunal fines Telkom R449 million for abuse of dominance\n\nThe "
                 "Competition Commission had asked for a fine of R3.5 billion.")
    assert [f["amount"] for f in telkom["fines"]] == [449_000_000]


def test_chinese_commissions_and_penalties_proposed_are_no_fines() -> None:
    # Wuxing district market regulator (Huzhou), 2021: a fake-order platform's fee per order.
    huzhou = tag("湖州一刷单平台被罚39万元\n\n吴兴区市场监管局依据《反不正当竞争法》查处一家网络科技公司，该公司向客户收取每单5至6元佣金，"
                 "组织员工虚构交易，被罚款39万元。")
    assert [f["amount"] for f in huzhou["fines"]] == [390_000]
    # Hong Kong's Competition Commission, 2021: fines it proposes to the Tribunal.
    proposed = tag("竞委会就旅游门票合谋定价入禀审裁处\n\n竞争事务委员会就一宗合谋定价案入禀竞争事务审裁处，建议罚款逾400万元。")
    assert proposed["fines"] == []


def test_a_fine_avoided_or_counterfactual_is_no_fine() -> None:
    # European Commission, 2016 (battery cartel): leniency spared Samsung SDI its fine.
    result = tag("EU fines Sony and Panasonic in battery cartel\n\nThe European Commission fined Sony €29.8 million. "
                 "Samsung SDI avoided a €57.8 million fine because it was the first to tell the Commission. Without "
                 "a settlement discount, the penalty would have been about €33 million.")
    assert [f["amount"] for f in result["fines"]] == [29_800_000]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # Philippine Competition Commission, October 2018: an order to pay, no fine word.
        ("Philippine watchdog penalises Grab\n\nThe Philippine Competition Commission ordered Grab to pay P12 "
         "million over the Uber deal.",
         [12_000_000]),
        # The same order, its object named at length.
        ("Philippine watchdog penalises Grab\n\nThe Philippine Competition Commission ordered Grab, which "
         "bought Uber's local business, to pay P12 million.", [12_000_000]),
        # Madrid Commercial Court No. 15, November 2025: damages paid to publishers.
        ("Madrid court rules against Meta\n\nA commercial court in Madrid ordered Meta to pay €479 million to 87 "
         "Spanish digital press publishers.", []),
        # Malaysia's Federal Court, October 2025 (MyCC v Grab): costs are no fine.
        ("MyCC loses bid over Grab ruling\n\nThe Malaysia Competition Commission was ordered to pay RM50,000 in "
         "costs.", []),
        # The next items of a list whose first is a fine are fines too (Federal Court of Australia
        # on broadband speeds, 2022; the Philippine order on Grab and Uber, 2018); not those of a
        # list of revenues.
        ("Telcos penalised over broadband speeds\n\nThe Federal Court ordered Telstra to pay $15 million, "
         "Optus $13.5 million and TPG $5 million in cases the ACCC brought.", [15e6, 13.5e6, 5e6]),
        ("Grab and Uber penalised\n\nThe Philippine Competition Commission ordered Grab to pay P12 million and "
         "Uber P4 million in a resolution adopted on October 11.", [12e6, 4e6]),
        ("Telcos penalised over speeds\n\nThe ACCC took Telstra to court. Revenue was $15 million, Optus $13.5 "
         "million and TPG $5 million.", []),
        # What goes to the investigation's cost, and a sum named before a hedge, are no fines
        # (Competition Bureau and Ticketmaster, 2019; KFTC on Krafton's item odds, 2025).
        ("Ticketmaster settles drip pricing case\n\nUnder a consent agreement with the Competition Bureau, "
         "Ticketmaster will pay a $4 million penalty plus $500,000 towards the cost of the investigation.", [4e6]),
        ("Korea's FTC fines Krafton\n\nThe Korea Fair Trade Commission fined Krafton 2.5 million won; Krafton "
         "compensated users with in-game currency worth approximately 9.8 billion won.", [2.5e6]),
        # A daily fine for not complying is a periodic penalty, and a conversion after it none
        # either (CADE's preventive measure on Apple, May 2025).
        ("Cade keeps order on Apple\n\nCADE kept in place an order requiring Apple to change its App Store "
         "practices or pay a daily fine of R$ 250,000 ($49,000 USD).", []),
    ],
)
def test_an_order_to_pay_is_a_fine_unless_it_pays_a_party_or_costs(text: str, amounts: list) -> None:
    assert [f["amount"] for f in tag(text)["fines"]] == amounts


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # Korea Fair Trade Commission on the carriers' rooftop rents (e4ds, 2024): each company's
        # part of the total is its fine.
        ("Korea fines carriers over rooftop rents\n\nThe Korea Fair Trade Commission imposed penalty surcharges "
         "of about 20 billion won on three mobile carriers and a subsidiary. KT was charged KRW 8.6 billion, LG "
         "Uplus KRW 5.8 billion, SK Telecom KRW 1.4 billion and SKONS KRW 4.1 billion.",
         [20e9, 8.6e9, 5.8e9, 1.4e9, 4.1e9]),
        # Amounts that do not add up to the fine are no parts of it.
        ("Korea fines carriers over rooftop rents\n\nThe Korea Fair Trade Commission imposed penalty surcharges "
         "of about 20 billion won on three mobile carriers. KT earned KRW 8.6 billion from the sites, LG Uplus KRW "
         "5.8 billion.", [20e9]),
    ],
)
def test_the_parts_of_a_fine_are_fines(text: str, amounts: list) -> None:
    assert [f["amount"] for f in tag(text)["fines"]] == amounts


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        # "fined" leading into an amount makes it a fine whatever follows (SIC on Rappi, asuntoslegales.com.co,
        # 2020; Vietnam's VCC on Grab and Uber, nhandan.vn), and across a legal form's full stop.
        ("Colombia's Superintendence of Industry and Commerce fined Rappi 1,755,606,000 Colombian pesos, the "
         "maximum the consumer statute allows.", [1_755_606_000]),
        ("Singapore's competition regulator fined Grab and Uber a total of US$9.5 million over the deal.", [9.5e6]),
        ("The Hungarian Competition Authority fined Telenor Magyarország Zrt. HUF 1.8 billion for its adverts.",
         [1.8e9]),
        # "fine" as an adjective is no fine cue (GAC on Jahez and The Chefz, argaam.com, 2023).
        ("Jahez agreed to buy The Chefz, which sells fine dining, flowers and perfumes, for 650 million riyals.", []),
        # What a fine or anything else was cut by is no fine (LG Display, gadgets360.com).
        ("The European Commission fined LG Display 215 million euros in 2010 over an LCD panel cartel; the General "
         "Court later cut that by 5 million euros.", [215e6]),
        # A fine asked for is no fine, one a party asks a court to annul still is (FNE on Delivery Hero and Glovo,
        # latercera.com, 2026).
        ("The FNE had asked the tribunal to impose fines of about US$74 million on the two companies.", []),
        ("Qualcomm asked the General Court to throw out the 997 million euro fine imposed by the Commission.",
         [997e6]),
        # Fines that add up to a sum are fines ("up to" alone caps one: AGCM on Facebook, pymnts.com, 2018).
        ("Italy's AGCM imposed two fines on Facebook adding up to €10 million over its use of data.", [10e6]),
        # A bracketed sum after one in a written code is a conversion, though "$" reads as the same dollar
        # (Commerce Commission on Spark, mobileworldlive.com, 2019).
        ("Spark fined NZD675,000 for misleading bills\n\nSpark New Zealand has been fined NZD675,000 ($454,536) in "
         "a case the Commerce Commission brought under the Fair Trading Act.", [675e3]),
        # A payment to the state is a fine (Israel Competition Authority on Wolt, calcalistech.com, 2023) ...
        ("Food delivery company Wolt has agreed to pay NIS 8.5 million to the Israeli state to settle a case the "
         "Israel Competition Authority brought over its app's 'Only on Wolt' section.", [8.5e6]),
        # ... and what a platform earns from fines, or a sum a year, is none (FAS on Wildberries, 2024; CAT on
        # Motorola's Airwave charge control, 2023).
        ("Wildberries earned almost 20 billion rubles in 2023 from fines it charged sellers.", []),
        ("The CMA's charge control on Motorola was a penalty, it argued, worth about £200 million a year.", []),
        # What an amount is paid as, named after it, is no fine (Intel's claim on its annulled EU fine,
        # dailyexpressnewstoday.com).
        ("Intel is claiming €593 million in default interest after the European Commission's €1.06 billion fine was "
         "overturned by the General Court.", [1.06e9]),
        # A range of fines is no fine (CCI on Apple, livemint.com, 2025); a fine cut from one sum to another
        # names two (COMCO on Swisscom's broadband prices, werbewoche.ch, 2024).
        ("The CCI's lawyers argued that fines of $200 million to $300 million would be insignificant for big "
         "technology firms such as Apple.", []),
        ("The Federal Administrative Court confirmed that Swisscom abused its dominance in broadband but cut the "
         "COMCO fine from CHF 219 million to CHF 186 million.", [219e6, 186e6]),
    ],
)
def test_what_leads_into_an_amount_or_follows_it_decides_whether_it_is_a_fine(text: str, amounts: list) -> None:
    assert [f["amount"] for f in tag(text)["fines"]] == amounts


def test_a_range_of_fines_a_bill_sets_is_no_fine_in_chinese() -> None:
    # Russia's law on preinstalled Russian software (mxzdjyxk.cn, 2019): the bill's penalties.
    result = tag("对违规销售追责的法案已提交国家杜马：自然人罚款3万至5万卢布，法人5万至20万卢布。", language="zh")
    assert result["fines"] == []


@pytest.mark.parametrize(
    ("text", "language", "amounts"),
    [
        # Israel Competition Authority, 2023: a fine once considered, then a consent decree.
        ("Israel Competition Authority fines Bezeq 25 million shekels\n\nThe Israel Competition Authority imposed a "
         "fine of 25 million shekels on Bezeq for abusing its dominance. In May 2021 the regulator had said it was "
         "considering a fine of 6 million shekels.", "en", [25_000_000]),
        # South Africa's Competition Tribunal, 2024 (Computicket): penalties each side argued for.
        ("South Africa's Competition Tribunal fines Computicket R20 million\n\nThe Competition Tribunal imposed a "
         "penalty of R20 million for abuse of dominance; the Competition Commission had argued for a penalty of R22 "
         "million, while Computicket argued for R10 million.", "en", [20_000_000]),
        # Rotterdam court on the ACM's Apple order, 2022: periodic penalty payments are no fine.
        ("Court suspends part of ACM order on Apple\n\nThe ACM had threatened penalty payments of €10,000,000 per "
         "week.", "en", []),
        # Zhejiang's market regulators, 2021: the sums a case involved are no fine.
        ("浙江省市场监管局查处不正当竞争案件1098起\n\n浙江省市场监督管理局表示，全省立案查处不正当竞争案件1098起，涉案金额4.38亿元，罚没款5554万元。",
         "zh", [55_540_000]),
        # KFTC on the mobile carriers, March 2025: the far larger sum floated before; Federal Court
        # on Kogan, 2024: what it had set aside; Taipei High Administrative Court, 2017: fines a law sets.
        ("KFTC fines three carriers 114 billion won\n\nThe Fair Trade Commission fined SK Telecom, KT and LG U+ 114 "
         "billion won. The penalty is far below the 3.4 trillion to 5.5 trillion won floated last October.", "en",
         [114_000_000_000]),
        ("Kogan hit with $350,000 penalty\n\nThe Federal Court of Australia ordered Kogan to pay a $350,000 penalty "
         "in the ACCC's case. The company had set aside $700,000 for the penalty.", "en", [350_000]),
        ("Taipei court backs FTC's fine on Uber\n\nUnder the Highway Act, private car owners taking Uber bookings face "
         "fines of NT$50,000 to NT$150,000.", "en", []),
        # Poland's competition court on Vinted, 2024: what a fine was cut by is no fine; a fine
        # "by" an authority is one (Facebook and the FTC, 2019).
        ("Court cuts Vinted's fine\n\nThe court annulled part of UOKiK's decision, reducing the penalty by PLN 4 "
         "million. UOKiK had fined Vinted PLN 5.3 million.", "en", [5_300_000]),
        ("Facebook was recently hit with a $5 billion fine by the Federal Trade Commission.", "en", [5_000_000_000]),
        # India's CCI, 2024: the most Apple could be fined on global turnover.
        ("印度竞争委员会调查苹果 按全球营业额计最高或罚380亿美元\n\n印度竞争委员会向苹果发出通知。", "zh", []),
        # The Commission on Telefónica Deutschland, 12 March 2021: the turnover a fine is a share
        # of, named before a relative clause; CMA's proposed SMS regime, 2020: what Google might be fined.
        ("The European Commission closed its case against Telefónica Deutschland over its merger commitments. A "
         "breach could have brought a fine of up to 10% of its annual turnover, which was 7,532 million euros in "
         "2020.", "en", []),
        ("英国CMA提议新规\n\n英国竞争与市场管理局提出，违规企业可被处以最高相当于全球收入10%的罚款，这意味着谷歌"
         "可能被罚162亿美元。", "zh", []),
        # The NDRC on China Telecom and China Unicom's broadband, November 2011: a fine they face if
        # the facts hold, in vague sums (数亿元到数十亿元: hundreds of millions to billions).
        ("国家发改委11月9日证实，正就涉嫌价格垄断对中国电信和中国联通展开调查。若事实成立，两家运营商将面临数亿元到"
         "数十亿元的罚款。", "zh", []),
        ("国家发改委证实对中国电信展开反垄断调查，或处数十亿元罚款。", "zh", []),
        # China's draft amendment of the Anti-Monopoly Law (January 2020): caps, and caps raised.
        ("反垄断法修订草案公开征求意见\n\n市场监管总局称，对尚未实施的垄断协议罚款上限为五十万元；行业协会组织的罚款"
         "上限拟由五十万元提高到五百万元。阿里巴巴等平台关注修订进展。", "zh", []),
    ],
)
def test_fines_considered_argued_periodic_or_involved_are_no_fines(text: str, language: str, amounts: list) -> None:
    assert [f["amount"] for f in tag(text, language=language)["fines"]] == amounts


def test_dates_take_the_year_from_publication_and_never_invent_one() -> None:
    assert [d["date"] for d in find_dates("on 4 March 2024; from Sept. 12; 2021年4月10日", "2024-09-06")] == [
        "2024-03-04", "2024-09-12", "2021-04-10",
    ]
    assert find_dates("from Sept. 12", None) == []
    assert find_dates("it may 5 times", "2024-01-01") == []


def test_the_day_an_action_was_announced_gives_way_to_the_day_it_was_taken() -> None:
    # KFTC on Apple Korea's consent decision, announced 3 February 2021.
    result = tag("South Korea's Fair Trade Commission said on February 3 that it had finalised, on January 27, "
                 "a consent decision that ends its probe of Apple Korea.", published="2021-02-03")
    assert result["event_date"] == "2021-01-27"
    # (the announcement's day stands where its sentence gives no earlier one)
    assert tag("South Korea's Fair Trade Commission said on February 3 that it had accepted a consent decision "
               "that ends its probe of Apple Korea.", published="2021-02-03")["event_date"] == "2021-02-03"
    # A dateline's date is the report's, as an announcement's is (PCC on Grab, mb.com.ph, 25 January 2019).
    dateline = tag("Grab fined again\n\nMANILA, January 25, 2019 — The Philippine Competition Commission fined Grab "
                   "P6.5 million on Tuesday for failing to submit accurate data.", published="2019-01-25")
    assert dateline["event_date"] == "2019-01-22"
    # So is a line opening on its date alone, whatever the action's cues (CADE's preventive
    # measure on iFood, imposed 10 March 2021 and reported the next day).
    undated_place = tag("CADE bars iFood from new exclusivity deals\n\nMarch 11, 2021 — Brazil's CADE yesterday "
                        "barred iFood from signing new exclusive contracts with restaurants while its probe goes on.",
                        published="2021-03-11")
    assert undated_place["event_date"] == "2021-03-10"
    # In Chinese the verb of saying follows the date (Taiwan's FTC on FarEasTone and Asia Pacific
    # Telecom: announced on 20 July 2023, decided by its commissioners' meeting on the 19th) …
    taiwan = tag("遠傳併亞太電信獲附負擔放行\n\n公平會20日宣布，委員會議已於19日決議附加負擔通過遠傳電信吸收合併亞太電信的結合申報。",
                 language="zh", published="2023-07-20")
    assert taiwan["event_date"] == "2023-07-19"
    # … but a rule issued (发布) on a day was made that day (SAMR's interim rules on online unfair
    # competition, issued 11 May 2024, in force from 1 September).
    rules = tag("市场监管总局发布网络反不正当竞争暂行规定\n\n国家市场监督管理总局2024年5月11日发布《网络反不正当竞争暂行规定》，"
                "自2024年9月1日起施行。该局去年9月1日曾就草案征求意见。", language="zh", published="2024-05-11")
    assert rules["event_date"] == "2024-05-11"
    # An announced day gives way to the day a decision is dated, in the weeks before (Colombia's
    # SIC on Rappi: Resolution 65205 of 16 October 2020, reported 19 October; Shanghai's market
    # regulator on Sherpa's, decided 25 December 2020, announced 12 April 2021) …
    rappi = tag("SIC fines Rappi\n\nBogotá, October 19, 2020 — Colombia's SIC fined Rappi 1,755,606,000 pesos for breaching consumer rules.\n\n"
                "The decision, Resolution 65205 dated October 16, 2020, found that the app acts as a supplier.",
                published="2020-10-19")
    assert rappi["event_date"] == "2020-10-16"
    sherpas = tag("上海市市场监管局4月12日通报，对上海食派士商贸发展有限公司实施“二选一”的垄断行为罚款116.86万元。"
                  "处罚决定于2020年12月25日作出。", language="zh", published="2021-04-12")
    assert sherpas["event_date"] == "2020-12-25"
    traditional = tag("上海市市場監管局4月12日通報，對上海食派士商貿發展有限公司實施「二選一」的壟斷行為罰款116.86萬元。"
                      "處罰決定於2020年12月25日作出。", language="zh", published="2021-04-12")
    assert traditional["event_date"] == "2020-12-25"
    # … but not to a decision of years before, which is the case's history (the NCLAT on Google
    # Play billing, 28 March 2025, on the CCI's order of 25 October 2022).
    history = tag("NEW DELHI, March 28, 2025 — India's NCLAT largely upheld the CCI's finding on Google Play billing "
                  "but cut the penalty to ₹216.69 crore. The CCI's order of October 25, 2022, was challenged by Google.",
                  published="2025-03-28")
    assert history["event_date"] == "2025-03-28"


def test_an_opening_s_day_is_the_one_it_takes_effect_even_after_publication() -> None:
    # Taobao and Tmall take WeChat Pay (chinadaily.com.cn, 6 September 2024).
    opening = tag("Taobao and Tmall to take WeChat Pay from September 12\n\nAlibaba's Taobao and Tmall said on "
                  "Thursday they will gradually accept Tencent's WeChat Pay from Sept 12, 2024.", published="2024-09-06")
    assert opening["event_types"] == ["interoperability_opening"] and opening["event_date"] == "2024-09-12"
    # A fine's later date is still a plan: the decision's day stands.
    fine = tag("The European Commission fined Apple €1.84 billion on 4 March 2024; Apple must comply from 4 June 2024.",
               published="2024-03-04")
    assert fine["event_date"] == "2024-03-04"


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
    # A weekday opening a sentence, and a wire's bare ordinal day (KFTC on KOG, 2025), are read too; an
    # ordinal day of a named month is no bare day.
    opening = find_dates("On Wednesday the General Court dismissed the appeal. The KFTC said on the 14th it "
                         "would fine KOG. It was filed on the 2nd of March.", "2025-04-16")
    assert [(d["text"], d["date"]) for d in opening] == [("Wednesday", "2025-04-16"), ("14th", "2025-04-14")]
    # A release's "today" is its publication day, "yesterday" the day before; 今日头条 is Toutiao.
    near = find_dates("The Commission has today fined the platform. 今日头条昨天回应。", "2024-04-30")
    assert [(d["text"], d["date"]) for d in near] == [("today", "2024-04-30"), ("昨天", "2024-04-29")]


def test_cues_and_digit_runs_find_what_a_whole_text_scan_finds() -> None:
    # The literal scan and the digit runs only narrow where a pattern is tried.
    cues = event_cues().cues
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = [f"{item['title']}\n\n{item['text']}" for item in gold]
    # (Other scripts' digits: Arabic-Indic, Devanagari, a mathematical one beyond the BMP, beside "’".)
    others = ["Den DENIED 12,3.4 ５月 1 a1 2\n9", "Apple’s ٢٠٢٤ fine", "€5 ९ lakh", "’ 𝟏𝟐 3"]
    for text in texts + [t.upper() for t in texts] + others:
        prepared = CueText(text, cues)
        for _, cue in cues.cues:
            assert [m.span() for m in prepared.matches(cue)] == [m.span() for m in cue[1].finditer(text)], cue
        assert list(digit_runs(text)) == [m.start() for m in re.finditer(r"\d+", text)]


def test_every_cue_is_tried_only_where_its_leading_words_stand() -> None:
    # A cue without leading literals runs its regex at every place of every text: two such
    # ("(?:de)?certif…", "[Cc]ourt …") took half the cue time of an English article, and
    # "(?-i:\bSEC\b)" 16 µs of one (a group's flags now let its words lead).
    cue_set = event_cues().cues
    # (one that cannot have them, "\b\d[\d,]* (?:cases|decisions…", runs only in a text with its later words)
    assert [cue_set.cues[i] for i in cue_set.unanchored if i not in cue_set.later] == []
    assert required_literals(r"\b(?-i:SEC|FCA)\b") == ("sec", "fca")
    # Spelled out through groups of plain alternatives, not only up to the first ("fin" stands in "financial").
    assert required_literals(r"\bfin(?:ed|es)\b") == ("fined", "fines")
    assert required_literals(r"\bto (?:open|launch(?:es|ed)?) up") == ("to open up", "to launch")
    assert required_literals(r"\bsu(?:e[ds]?|ing)\b") == ("sue", "suing")
    # A cue is tried only in a text that also holds one of the words it needs further on.
    assert later_literals(r"\bopen(?:ed|s)?\b.{0,40}\b(?:investigation|probe)") == [(("investigation", "probe"), True)]
    assert later_literals(r"\border\w* (?:\w+ ){0,3}interim measures\b") == [(("interim measures",), False),
                                                                                 (("measures",), True)]
    assert later_literals(r"\bsets? (?:an? )?trial\b") == [(("trial",), False)]  # (after an optional word: anywhere)
    assert later_literals(r"\bfined? (?:of|for) \d") == []  # (short words stand in most texts)


def test_a_letter_only_ignorecase_takes_for_an_ascii_one_hides_no_cue() -> None:
    # re.IGNORECASE reads "İ", "ı", "ſ" and the Kelvin sign as i, i, s and k; a literal looked
    # for in lower case must too, or "FİNED" (a Turkish keyboard's capital I) scores no fine.
    cue_set = event_cues().cues
    for text in ["Apple FİNED €1.8bn", "Apple fıned €1.8bn", "EU ſued and \u212aFTC fined Google"]:
        cue_text = CueText(text, cue_set)
        assert any(label == "fine" and cue_text.matches(cue, limit=1) for label, cue in cue_text.live), text
    assert tag("Apple FİNED €1.8bn by the European Commission")["event_types"] == ["fine"]


def test_literal_scan_finds_overlapping_literals_and_places_word_led_ones_only_where_a_word_starts() -> None:
    scan = LiteralScan(["fine", "fined", "ned", "罚款", "absent"], word_led=["fine", "fined"])
    text = "fined; refined, café fine, _fine 罚款"
    assert scan.present(text) == {"fine", "fined", "ned", "罚款"}
    assert {literal: scan.places(text, literal) for literal in scan.present(text)} == {
        "fine": [0, 21], "fined": [0], "ned": [2, 11], "罚款": [33]}


def test_what_the_pipeline_loads_is_left_out_of_the_garbage_collector_s_walks() -> None:
    # The knowledge base and the rest live as long as the process; full collections walking
    # them again cost the tagging 51 µs a document (bench/nlp_throughput.py).
    load_pipeline("en")
    walked = {id(tracked) for generation in range(3) for tracked in gc.get_objects(generation=generation)}
    assert id(load_kb().entities) not in walked and id(event_cues().cues.users) not in walked


@pytest.mark.parametrize("language", ["en", "zh"])
def test_sentences_split_as_spacy_sentencizer_splits_them(language: str) -> None:
    """On the same tokens (the bare pipeline's: "on X." ends a sentence there), except at a
    decimal point, which Chinese tokenization leaves alone as a token."""
    bare = load_pipeline(language, bare=True)
    split = Sentencizer()
    nlp = load_pipeline(language)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = [f"{item['title']}\n\n{item['text']}" for item in gold] + [
        "", "!!!", ". Hello", "U.S. rules. Really?! (Yes.) \"Quote.\" Next…\n\nNew", "罚款。。下一句！“好”", "Emoji 😀. 𑁇 end",
        "处以1.26亿元罚款。下一句",
    ]
    for text in texts:
        expected: list[tuple[int, int]] = []
        for sentence in split(bare.make_doc(text)).sents:
            if expected and re.fullmatch(r"\d\.\d", text[expected[-1][1] - 2:expected[-1][1] + 1]):
                expected[-1] = (expected[-1][0], sentence.end_char)
            else:
                expected.append((sentence.start_char, sentence.end_char))
        assert sentence_bounds(nlp.make_doc(text)) == expected, text
    if language == "zh":
        assert len(sentence_bounds(nlp.make_doc("处以1.26亿元罚款。下一句"))) == 2


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        # A headline with no stop of its own runs into the body's first sentence.
        ("EU hands Google €2.42 billion fine\n\nGoogle was fined by the Commission. More.",
         "EU hands Google €2.42 billion fine\n\nGoogle was fined by the Commission."),
        # So does one ending in an exclamation or a question mark (constructed headlines).
        ("EU hands Google €2.42 billion fine!\n\nGoogle was fined by the Commission. More.",
         "EU hands Google €2.42 billion fine!\n\nGoogle was fined by the Commission."),
        ("谷歌会被罚吗？\n\n欧盟委员会正在考虑罚款。其他。", "谷歌会被罚吗？\n\n欧盟委员会正在考虑罚款。"),
        # A first paragraph of one sentence is the lead of a text with no headline.
        ("A judge denied the request.\n\nIn her ruling she said more.", "A judge denied the request."),
    ],
)
def test_the_lead_is_the_headline_and_the_body_s_first_sentence(text: str, lead: str) -> None:
    doc = next(parsed_docs([{"id": 1, "text": text}]))
    assert text[:end_of_lead(doc)] == lead


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
        ("Australian court orders Google to pay A$715,000 over YouTube videos\n\nAustralia's Federal Court ordered "
         "Google to pay damages after finding it liable for two defamatory YouTube videos.", "en", False),
        ("終審法院駁回Uber司機上訴 維持罪成\n\n終審法院駁回24名Uber司機的上訴，維持他們非法載客取酬罪成的裁決。", "zh", False),
        ("网信办约谈微博\n\n国家网信办认定微博未落实信息内容管理主体责任，对其采取约谈、责令限期改正等处置措施。", "zh", False),
        # 個資 is Taiwan's and Hong Kong's word for personal data.
        ("首爾高等法院判決酷澎敗訴\n\n首爾高等法院判決酷澎外洩用戶個資，須賠償每名用戶10萬韓元。", "zh", False),
        # Taiwan's name for the DMA (數位市場法); the mainland's E-Commerce Law on how a platform
        # treats its merchants (Haidong's market regulator and Meituan, 2019).
        ("歐盟警告Meta或遭每日罰款\n\n歐盟執委會警告，Meta若不符合《數位市場法》不合規決定，可能面臨定期罰款。", "zh", True),
        # Hangzhou's market regulator, 2023: no company or authority the KB knows, yet in the field.
        ("杭州两家企业被罚140万元\n\n浙江省杭州市市场监管局依据《反不正当竞争法》对两家开发“搬店”软件的企业处以罚款140万元。",
         "zh", True),
        ("美團外賣遭市監局罰款5萬元\n\n海東市市場監督管理局依據《電子商務法》，對美團外賣運營中心限制平台內經營者交易開出5萬元罰單。",
         "zh", True),
        # A patent verdict (Sonos v Google, San Francisco, May 2023) and a harassment suit (EEOC v
        # Tesla, September 2023) are other fields.
        ("San Francisco jury orders Google to pay Sonos $32.5 million\n\nA federal jury in San Francisco found that "
         "Google's speakers infringed a Sonos patent.", "en", False),
        ("US agency sues Tesla over racial harassment\n\nThe Equal Employment Opportunity Commission sued Tesla in "
         "federal court in Oakland over racial harassment at its Fremont plant.", "en", False),
        # A competition authority recalled after the lead of a results report (Amazon, Q3 2025).
        ("Amazon third-quarter sales rise 13%\n\nAmazon reported net sales of $180.2 billion. Operating income "
         "absorbed a $2.5 billion charge for a legal settlement with the Federal Trade Commission, and pre-tax gains "
         "on its Anthropic stake lifted net income.", "en", False),
        # Korea's Supreme Court, 20 February 2025: an acquittal under the competition law (the Fair
        # Trade Act) is in the field; METI, 2 August 2024: recommendations under Japan's platform law.
        ("Korea's Supreme Court upholds Yogiyo acquittal\n\nSouth Korea's Supreme Court upheld the acquittal of "
         "Yogiyo's operator, finding that its lowest-price guarantee did not break the Fair Trade Act.", "en", True),
        ("METI issues recommendations to Amazon and Apple\n\nJapan's Ministry of Economy, Trade and Industry issued "
         "recommendations to Amazon and Apple under the Act on Improving Transparency and Fairness of Digital "
         "Platforms. The ministry found that Amazon changed seller fees without notice and told it to report on "
         "compliance every three months.", "en", True),
        # FTC and Ring, 31 May 2023: staff and contractors given access to customers' videos is privacy.
        ("Ring to pay $5.8 million under FTC order over employee access\n\nThe Federal Trade Commission said "
         "Amazon's Ring gave its staff and third-party contractors broad access to customers' private videos.",
         "en", False),
        # Ninth Circuit, 21 March 2024: advertisers' class over Meta's reach figures is a fraud case.
        ("Ninth Circuit upholds class of advertisers suing Meta\n\nThe US Court of Appeals for the Ninth Circuit "
         "affirmed the certification of a class of advertisers who allege fraudulent misrepresentation by Meta "
         "Platforms over Facebook's Potential Reach tool.", "en", False),
        # Texas's App Store Accountability Act blocked, December 2025: child safety and free speech.
        ("Federal judge blocks Texas law requiring app stores to verify users' ages\n\nA federal judge in Austin "
         "stopped Texas from enforcing a child-safety law, finding it likely violates the First Amendment; Apple "
         "and Google run the largest app stores.", "en", False),
        # CAC's 清朗 algorithm campaign, 2025: platforms told to tune recommendations away from vulgar content.
        ("中央网信办督导抖音、小红书优化推荐算法\n\n“清朗”专项行动开展以来，针对算法推荐加热低俗信息等问题，中央网信办督促平台调整推荐规则。",
         "zh", False),
        # Uber's IPO class settlement, 9 August 2024, and DoorDash's tips settlement with New York,
        # 24 February 2025: securities and labour cases.
        ("Judge approves Uber's $200 million settlement with IPO investors\n\nA federal judge in San Francisco "
         "approved a settlement resolving a class action by shareholders under the Securities Act.", "en", False),
        ("DoorDash to pay $16.75 million to New York delivery workers over use of tips\n\nDoorDash will pay $16.75 "
         "million to settle claims, New York Attorney General Letitia James announced.", "en", False),
        # AGCOM on Meta, December 2023: a communications regulator's gambling-advertising fine.
        ("Italy's communications regulator fines Meta €5.85 million over gambling ads\n\nAGCOM fined Meta for "
         "hosting advertising of online gambling on Facebook and Instagram.", "en", False),
        # PBOC on Alipay, 7 July 2023 (payment rules, anti-money laundering), and MOFCOM's
        # anti-dumping case on US analog chips, 13 September 2025: financial regulation and trade.
        ("支付宝收央行罚单\n\n中国人民银行公布对支付宝的行政处罚，罚没超过30亿元，涉及清算管理和反洗钱等违法行为。", "zh", False),
        ("商务部对美国模拟芯片发起反倾销立案调查\n\n商务部决定对原产于美国的相关模拟芯片进行反倾销立案调查，德州仪器被点名。",
         "zh", False),
        # Justice Department and Apple, 9 November 2023: a hiring-discrimination settlement is employment law.
        ("Apple to pay up to $25 million to settle Justice Department hiring discrimination claims\n\nApple agreed to "
         "pay civil penalties and fund back pay for U.S. workers it deterred from applying.", "en", False),
        # Karnataka High Court and Twitter, 30 June 2023: a government's content-blocking orders.
        ("Karnataka High Court throws out Twitter's challenge to government blocking orders\n\nThe court dismissed "
         "the petition by Twitter against the blocking orders issued by India's government.", "en", False),
        # California's Unfair Competition Law, pleaded in a privacy suit against LinkedIn (2025) and in
        # Epic's antitrust suit against Apple (2021): in the field only in the second.
        ("LinkedIn user files class action over private messages used to train AI\n\nThe suit accuses LinkedIn of "
         "disclosing Premium customers' private messages, in breach of California's Unfair Competition Law.", "en", False),
        ("Judge rules for Epic against Apple under California's Unfair Competition Law\n\nA federal judge found "
         "that Apple's App Store rules broke California's Unfair Competition Law.", "en", True),
    ],
)
def test_a_general_authority_acts_in_the_field_on_a_company_in_the_lead(text: str, language: str, relevant: bool) -> None:
    assert tag(text, language=language)["relevant"] is relevant


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # New Zealand's Commerce Commission, 2025: publishers may bargain collectively with Meta and Google.
        ("Commerce Commission lets news publishers start collective talks with Meta and Google\n\nNew Zealand's "
         "Commerce Commission granted provisional authorisation to the News Publishers' Association.", "other"),
        # House antitrust subcommittee, 29 July 2020.
        ("Big Tech chiefs grilled by House antitrust panel\n\nThe chief executives of Google, Amazon, Facebook and "
         "Apple faced hours of questioning from the House Judiciary Committee's antitrust subcommittee.", "other"),
        # Meta, 1 August 2023, under Canada's Online News Act.
        ("Meta moves to strip news from Facebook and Instagram for Canadian users\n\nMeta said it is ending access to "
         "news for Canadians on Facebook and Instagram under the Online News Act.", "compliance_change"),
        # Apple and Beeper Mini, 8 December 2023; Twitter, January 2023: access cut off from rivals
        # is in the field on its own, as an opening is.
        ("Apple cuts off Beeper Mini's iMessage access days after launch\n\nBeeper Mini, an Android app that let "
         "users send iMessages to iPhone owners, stopped working after Apple blocked its access.", "other"),
        ("Twitter rewrites developer rules to ban third-party clients\n\nTwitter changed its developer agreement "
         "days after apps such as Tweetbot and Twitterrific stopped working.", "other"),
        # DOJ v Live Nation, March 2026: a trial under way is a step.
        ("Justice Department's antitrust trial against Live Nation and Ticketmaster gets under way in New York\n\n"
         "The Justice Department's monopoly case against Live Nation went before a jury in Manhattan.", "other"),
        # Microsoft, 13 March 2024: exit fees waived for customers leaving for rival clouds ("data
        # transfer fees" are no GDPR data transfer).
        ("Microsoft drops Azure egress fees for customers switching to rival clouds\n\nMicrosoft will no longer "
         "charge data transfer fees to customers who move their data out of Azure to another cloud provider.",
         "interoperability_opening"),
        # Apple, March 2026: commissions cut in China after talks with regulators (SAMR).
        ("Apple cuts App Store commissions in mainland China to 25% after talks with regulators\n\nApple is "
         "lowering the commission it charges developers in China. The State Administration for Market Regulation "
         "had examined its fees.", "compliance_change"),
        # Netflix, January 2020: terms rewritten at the Korea Fair Trade Commission's demand.
        ("Netflix to rewrite unfair subscription clauses at Korea Fair Trade Commission demand\n\nNetflix agreed to "
         "rewrite six clauses of its terms of use after the Korea Fair Trade Commission found them unfair.",
         "compliance_change"),
    ],
)
def test_steps_around_platform_rules_are_in_the_field(text: str, event_type: str) -> None:
    result = tag(text)
    assert result["relevant"] and result["event_types"][0] == event_type


def test_access_cut_off_from_attackers_is_security_not_the_field() -> None:
    # Microsoft, 19 January 2024: a state hacking group ("Midnight Blizzard", no Activision Blizzard)
    # read staff emails; cutting off the attackers' access is no platform shutting out a rival.
    result = tag("Russian state hackers read emails of Microsoft's senior leaders\n\nMicrosoft said a group it "
                 "tracks as Midnight Blizzard broke into corporate email accounts. Its security team spotted the "
                 "intrusion and cut off the attackers' access.")
    assert not result["relevant"]
    assert [c["name"] for c in result["companies"]] == ["Microsoft"]


def test_a_state_s_unfair_trade_practices_act_is_consumer_law() -> None:
    # Florida v Snap, April 2025: a suit under the state's consumer law is no antitrust action.
    text = ("Florida sues Snap over children's accounts\n\nFlorida's attorney general sued Snap, saying it broke "
            "HB 3, the state's 2024 law restricting minors' use of social media, and the Florida Deceptive and Unfair "
            "Trade Practices Act.")
    assert not tag(text)["relevant"]
    # (elsewhere unfair trade practices are competition law's: Korea's Fair Trade Act)
    assert tag(text.replace("the Florida Deceptive and Unfair Trade Practices Act", "engaged in unfair trade "
                            "practices"))["relevant"]


def test_cancelling_a_service_is_no_ruling() -> None:
    # FTC and Vonage, November 2022: a settlement over obstacles to cancelling.
    types = rule_types("FTC action against Vonage brings $100 million for consumers\n\nVonage will pay $100 million "
                       "to settle charges that it trapped customers with obstacles to cancelling their service.")
    assert "ruling" not in types


def test_access_given_to_customers_is_no_opening() -> None:
    # Microsoft's Auckland cloud region, 12 December 2024; Google's Android Auto order, 2021.
    assert tag("Microsoft opens New Zealand data centre region\n\nMicrosoft said the region will give local "
               "businesses and government agencies access to its cloud tools.")["event_types"] == []
    assert "interoperability_opening" in tag("Google gives Enel X Italia and other developers access to Android "
                                             "Auto after the Italian competition authority's decision.")["event_types"]


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("Cofece maps barriers to entry in Mexican online marketplaces\n\nMexico's antitrust watchdog said on Friday "
         "that e-commerce platforms such as Amazon face little competition from newcomers.", True),
        ("国家反垄断局正式挂牌\n\n国家反垄断局18日在北京挂牌成立，加强反垄断监管。", True),
        # "Competition" in the authority's own name is no sign that the text is about competition.
        ("CMA chief speaks at London tech conference\n\nSarah Cardell of the Competition and Markets Authority "
         "spoke about her career at a conference where Google showed new phones.", False),
        ("国家反垄断局局长出席论坛\n\n国家反垄断局局长在北京出席一场论坛并发表演讲，阿里巴巴高管也在场。", False),
        # One that the headline has deal with a company, in whatever words (FCCPC on loan apps, 2023).
        ("FCCPC threatens to have Google delete approved loan apps that harass borrowers\n\nNigeria's consumer "
         "protection commission said lenders that shame borrowers would lose their listings.", True),
    ],
)
def test_a_competition_authority_on_competition_without_a_named_action_takes_a_step(text: str, relevant: bool) -> None:
    # The rules' reading (the type model, which has the last word on relevance, reads it as a signal).
    assert rule_types(text) == (["other"] if relevant else [])


def test_an_eu_law_in_a_national_authority_s_lead_is_no_second_jurisdiction() -> None:
    # AGCM, 22 December 2025 (constructed sentences): Italy's authority acts under EU rules; the
    # Commission is background.
    result = tag("Italy's antitrust authority fines Apple €98.6 million under EU rules\n\nThe AGCM said Apple "
                 "abused its dominance. The European Commission had looked at the same practice in 2024.")
    assert result["jurisdictions"] == ["IT"]


@pytest.mark.parametrize(
    ("text", "jurisdictions"),
    [
        # Vietnam's competition authority, 2018; Zambia's CCPC, 2025 (its Irish namesake is not meant).
        ("Vietnam's competition authority finds Grab's Uber takeover broke merger rules\n\nThe Vietnamese regulator "
         "said Grab's purchase of Uber's Southeast Asian business breached Vietnam's competition law.", ["VN"]),
        ("Zambia's competition commission fines Airtel Money\n\nThe Zambian regulator fined Airtel Money 3% of "
         "turnover for abusing its dominance in mobile money.", ["ZM"]),
    ],
)
def test_a_country_without_a_listed_authority_is_the_jurisdiction(text: str, jurisdictions: list) -> None:
    result = tag(text)
    assert result["relevant"] and result["jurisdictions"] == jurisdictions


def test_regulators_resolve_with_their_jurisdiction() -> None:
    result = tag("国家市场监督管理总局依法对阿里巴巴集团作出行政处罚决定，处以182.28亿元罚款。")
    assert result["regulators"][0]["name"] == "SAMR" and result["jurisdictions"] == ["CN"]
    assert result["event_types"][0] == "fine"


def test_a_company_named_for_sure_is_context_for_an_ambiguous_one() -> None:
    # OpenAI, 7 August 2025: GPT-5 launched as rivals spend on data centres.
    result = tag("OpenAI launches GPT-5\n\nMicrosoft, OpenAI's biggest backer, and rivals including Google, Meta and Amazon "
                 "pour money into data centres.")
    assert {"Meta", "Amazon"} <= {c["name"] for c in result["companies"]}
    assert "X" not in {c["name"] for c in tag("Apple unveils the $999 iPhone X\n\nApple and Samsung showed phones.")["companies"]}


def test_a_company_s_short_form_needs_its_home_country_in_the_text() -> None:
    # Spark and TVNZ's Rugby World Cup rights, 2017; the Spark Event Rentals class action (BC
    # Court of Appeal, April 2024), where "Spark" opens a Canadian company's name.
    companies = tag("Spark and TVNZ win New Zealand rights to the Rugby World Cup.")["companies"]
    assert "Spark New Zealand" in [c["name"] for c in companies]
    assert "Spark New Zealand" not in [c["name"] for c in tag("Spark invests in a US startup.")["companies"]]
    named = tag("In Spark Event Rentals Ltd. v. Google LLC, British Columbia's appeal court sent the class action "
                "to arbitration.")["companies"]
    assert {"Spark Event Rentals", "Google"} <= {c["name"] for c in named}
    assert "Spark New Zealand" not in {c["name"] for c in named}
    # PCCW's pay-TV service in its 2019 results; Sky's streaming service of the same name in the UK.
    companies = tag("電訊盈科2019年收益減3%，Now TV收益增18%。", language="zh")["companies"]
    assert {"name": "Now TV", "parent": "PCCW"} in [{"name": c["name"], "parent": c["parent"]} for c in companies]
    assert "Now TV" not in [c["name"] for c in tag("Sky's Now TV streaming service added UK subscribers.")["companies"]]


def test_security_software_is_its_maker_s_and_a_payee_s_name_starts_after_the_award() -> None:
    # 2345 v. Kingsoft Duba over a changed home page (Shanghai Pudong court), the sentence ours.
    result = tag("法院判决金山毒霸的运营方须赔偿上海二三四五移动科技有限公司经济损失；360安全卫士亦被点名。", language="zh")
    named = {c["name"]: c["parent"] for c in result["companies"]}
    assert named["Duba"] == "Cheetah Mobile" and named["360 Safeguard"] == "Qihoo 360"
    assert "上海二三四五移动科技" in named and not any(name.startswith("须赔偿") for name in named)


def test_the_payment_systems_regulator_s_market_review_is_in_the_field() -> None:
    # The PSR's card-acquiring market review, confirmed January 2019 (a concurrent competition
    # authority: its own reviews are in the field whatever words they use).
    result = tag("Payments regulator confirms market review of card-acquiring services\n\nThe Payment Systems "
                 "Regulator said it will go ahead with a review of how card-acquiring services are supplied to "
                 "merchants in the UK.")
    assert result["relevant"] and result["jurisdictions"] == ["GB"]


@pytest.mark.parametrize(("text", "jurisdiction"), [
    # The CRTC's wholesale internet rates (reversed May 2021) and TRAI's interconnect usage
    # charge cut (September 2017), the Telecom Disputes Settlement and Appellate Tribunal on
    # TRAI's predatory pricing rule (December 2018), TRAI on Free Basics (February 2016).
    ("CRTC reverses its cut to wholesale internet rates\n\nThe CRTC ruled that the rates Bell and Rogers "
     "may charge smaller internet providers will stay as they were.", "CA"),
    ("TRAI cuts the interconnect usage charge\n\nThe Telecom Regulatory Authority of India cut the charge "
     "that Bharti Airtel and Reliance Jio pay for calls ending on each other's networks.", "IN"),
    ("Telecom tribunal strikes down predatory pricing rule in win for Airtel\n\nIndia's Telecom Disputes "
     "Settlement and Appellate Tribunal set aside the regulator's predatory pricing rules, a setback for "
     "Reliance Jio.", "IN"),
    ("Facebook's Free Basics ruled out\n\nIndia's telecom regulator barred operators from charging "
     "discriminatory tariffs for data services on the basis of content, ruling out Facebook's Free Basics.", "IN"),
    ("Free Basics ruled out\n\nIndia's telecom regulator barred zero-rating plans, ruling out Facebook's "
     "Free Basics.", "IN"),
])
def test_access_rules_and_predatory_pricing_in_telecoms_are_in_the_field(text: str, jurisdiction: str) -> None:
    # (a telecom regulator is a general authority: what rivals pay for an incumbent's network,
    # and whether a network favours some content, are what make its step the field's)
    result = tag(text)
    assert result["relevant"] and result["jurisdictions"] == [jurisdiction]


def test_asian_operators_and_chip_makers_by_their_chinese_names() -> None:
    # Macau's CTM concession, Malaysia's second 5G network (MCMC picks U Mobile, 2025), Hong
    # Kong's Octopus under MTR, China Telecom's short form in Hong Kong's press; 中电信息 is
    # China Electronics' information arm.
    names = lambda text: {c["name"]: c["parent"] for c in tag(text, language="zh")["companies"]}
    assert names("澳门电讯所持的公共电信服务特许合同将于12月31日到期。") == {"CTM": None}
    assert names("马来西亚通讯及多媒体委员会选定U Mobile建设第二5G网络，明讯曾提出收购。") == {"U Mobile": None, "Maxis": None}
    assert names("八達通即日起免費更換第一代租用卡，港鐵表示支持。") == {"Octopus Cards": "MTR Corporation", "MTR Corporation": None}
    assert names("中电信全年股东应占利润212.1亿元。") == {"China Telecom": None}
    assert names("中电信息公司发布公告。") == {}
    assert names("瑞昱在美国起诉联发科，指其滥用标准必要专利。") == {"Realtek": None, "MediaTek": None}


def test_an_amount_written_as_one_word_is_no_company() -> None:
    # Telkom's purchase of Business Connexion (South Africa's Competition Tribunal, 2015).
    result = tag("South Africa's Competition Tribunal approved Telkom's R2.67-billion acquisition of Business Connexion.")
    assert "R2.67-billion" not in {c["name"] for c in result["companies"]}


def test_telecom_operators_roll_up_to_their_groups_and_short_forms_need_their_country() -> None:
    # Ofcom's duct and pole access for Openreach's rivals (2019), the Competition Bureau's
    # consent agreement with BCE over MTS (2017), the PCC on PLDT's mobile arm Smart (2016).
    uk = {c["name"]: c["parent"] for c in tag("Ofcom orders Openreach to open its ducts and poles to rivals such as "
                                                 "TalkTalk, while EE customers are unaffected.")["companies"]}
    assert uk["Openreach"] == "BT Group" and uk["EE"] == "BT Group" and uk["TalkTalk"] is None
    canada = {c["name"]: c["parent"] for c in tag("Canada's Competition Bureau reached a consent agreement with Bell "
                                                     "over its purchase of MTS.")["companies"]}
    assert canada["Bell Canada"] == "BCE"
    philippines = {c["name"] for c in tag("The Philippine Competition Commission reviewed the deal by PLDT's mobile "
                                          "unit Smart and Globe.")["companies"]}
    assert {"Smart Communications", "Globe Telecom", "PLDT"} <= philippines
    # Elsewhere the short forms are a fast-food chain, a TV show's title and a person.
    elsewhere = {c["name"] for c in tag("The FTC fined Taco Bell's supplier; Smart Globe Sunrise aired on Fox; "
                                        "commissioner Elisa Giomi voted against.")["companies"]}
    assert not {"Bell Canada", "Smart Communications", "Globe Telecom", "Sunrise", "Elisa"} & elsewhere


def test_a_bankruptcy_court_is_not_the_district_court_and_drive_makers_are_in_the_kb() -> None:
    # Micron's purchase of Elpida, approved in Delaware's bankruptcy court (2013); MOFCOM's
    # conditions on Seagate's purchase of Samsung's drive business (2011).
    result = tag("Micron won approval in the U.S. Bankruptcy Court for the District of Delaware to buy Elpida.")
    assert [r["name"] for r in result["regulators"]] == ["U.S. Bankruptcy Court for the District of Delaware"]
    assert {"Micron", "Elpida"} <= {c["name"] for c in result["companies"]}
    chinese = tag("商务部附条件批准希捷收购三星电子硬盘业务，西部数据收购日立硬盘业务亦在审查。", language="zh")
    assert {"Seagate", "Western Digital"} <= {c["name"] for c in chinese["companies"]}


def test_a_name_opening_a_longer_one_found_by_another_rule_is_listed_once_in_full() -> None:
    # The Justice Department's second request on Expedia's purchase of Orbitz (2015): the bare
    # name after "takeover of" (the context rule) and the full one (the name model) are one company.
    names = {c["name"] for c in tag("Orbitz Worldwide and Expedia said the U.S. Justice Department has asked them "
                                     "for more information about Expedia's planned $1.3 billion takeover of Orbitz.")["companies"]}
    assert "Orbitz Worldwide" in names and "Orbitz" not in names
    # The FTC's suit against Meta's purchase of Within Unlimited (July 2022): "studio Within" (the
    # context rule) is the KB's company, named in full in the text.
    names = {c["name"] for c in tag("FTC sues to stop Meta from buying VR fitness studio Within\n\nThe Federal Trade "
                                     "Commission went to court to block Meta Platforms' purchase of Within Unlimited.")["companies"]}
    assert "Within Unlimited" in names and "Within" not in names


def test_a_person_named_again_by_surname_is_no_company() -> None:
    # Ohio's attorney general Dave Yost and his common-carrier suit against Google (2021–2025).
    names = {c["name"] for c in tag("Ohio judge throws out Yost's bid to have Google Search declared a common carrier\n\n"
                                     "A state judge dismissed Ohio Attorney General Dave Yost's lawsuit against Google.")["companies"]}
    assert "Google" in names and "Yost" not in names
    # A month is no given name: "April Flipboard" is a date and a company.
    assert surnames(word_pairs("In April Flipboard opened its feeds to Mastodon users; Dave Yost spoke.")) == {"Yost"}


def test_indian_states_are_no_companies_and_rcom_is_reliance_communications() -> None:
    # Bharti Airtel's spectrum purchases from Videocon and Aircel, cleared by the CCI in 2016.
    result = tag("The CCI cleared Bharti Airtel's purchase of Aircel spectrum in Gujarat, Haryana, Tamil Nadu and "
                 "West Bengal. Reliance Jio also agreed to buy towers from RCom.")
    named = {c["name"]: c["parent"] for c in result["companies"]}
    assert not {"Gujarat", "Haryana", "Tamil Nadu", "West Bengal"} & set(named)
    assert named["Reliance Communications"] is None and named["Reliance Jio"] == "Reliance Industries"


def test_a_one_letter_name_inside_a_longer_one_is_not_that_company() -> None:
    # Qualcomm's Snapdragon X chips, Naver's HyperCLOVA X model, a browser app "X浏览器".
    for text, language in [("Microsoft sells laptops with Qualcomm's Snapdragon X processors.", "en"),
                           ("Naver will unveil HyperCLOVA X to take on Google.", "en"),
                           ("优酷起诉“X浏览器”运营方屏蔽广告构成不正当竞争。", "zh")]:
        assert "X" not in {c["name"] for c in tag(text, language=language)["companies"]}, text
    named = tag("Google, Meta's Facebook, Apple, X, TikTok and Amazon must report; Elon Musk's X objected.")
    assert "X" in {c["name"] for c in named["companies"]}


def test_an_ambiguous_name_ending_a_longer_one_is_not_that_company() -> None:
    # NZ Commerce Commission on the Foodstuffs merger (insideretail.co.nz, 2024): Four Square is a grocery
    # brand, not Block's Square; SIC on Rappi (wradio.com.co, 2020): Rappi Prime is no Amazon Prime.
    grocers = tag("The Commerce Commission declined to clear the merger of the co-operatives that run the New "
                  "World, PAK'nSAVE and Four Square grocery brands.")
    assert "Square" not in {c["name"] for c in grocers["companies"]}
    rappi = tag("Colombia's SIC fined Rappi, which earns income from its own services such as Rappi Prime.")
    assert "Prime" not in {c["name"] for c in rappi["companies"]}
    # An owner's name or a description before it is no longer name: "Jack Dorsey's Block".
    owned = tag("The CFPB fined Jack Dorsey's Block over its Cash App, and California-based Apple over Apple Card.")
    assert {"Block", "Apple"} <= {c["name"] for c in owned["companies"]}


def test_a_name_opening_a_longer_one_is_not_that_entity() -> None:
    # Austria's Supreme Court of Justice sitting as the Supreme Cartel Court, 2022, in a text that
    # also names Britain: "Supreme Court" opens a longer name there, not the UK's. San Francisco
    # (旧金山) holds 金山, the opening of Kingsoft's Chinese alias 金山办公 (DOJ, 2024).
    result = tag("The Cartel Court cleared Meta's Giphy deal with conditions; its decision can still be challenged "
                 "before the Supreme Court of Justice. In Britain, the CMA had blocked the deal.")
    assert "UK Supreme Court" not in {r["name"] for r in result["regulators"]}
    result = tag("美国司法部向英伟达发出传票，调查由司法部旧金山办公室牵头。", language="zh")
    assert "Kingsoft" not in {c["name"] for c in result["companies"]}
    # Oregon's Senate on a news bill modelled on Canada's law, June 2025: a state's Senate is no
    # Senate of Canada.
    result = tag("Google and Meta will not have to pay for news in Oregon. The state Senate voted 15-14 against the "
                 "bill, which was modelled on Canada's Online News Act.")
    assert "Senate of Canada" not in {r["name"] for r in result["regulators"]}


def test_a_word_opened_by_a_kb_alias_is_no_kb_company_of_its_own() -> None:
    # II-VI's takeover of Coherent, 2022: "Coherent" is no "Cohere"; "Incorporated" is spelled out
    # and kept, as docs/tag.md keeps spelled-out forms.
    assert rule_companies("II-VI Incorporated agreed to buy laser specialist Coherent Inc.") == {
        "II-VI Incorporated": None, "Coherent": None}


def test_a_chinese_court_by_its_seat_and_a_law_passed_by_parliament() -> None:
    # FTC v. Amazon, 26 September 2023, filed in Seattle; the European Parliament's DMA vote, 5 July 2022.
    result = tag("美国联邦贸易委员会和17个州9月26日向西雅图的联邦法院起诉亚马逊。", language="zh")
    assert "US District Court for the Western District of Washington" in {r["name"] for r in result["regulators"]}
    result = tag("欧洲议会以压倒性多数通过《数字市场法》\n\n欧洲议会7月5日以588票赞成通过《数字市场法》。违规企业最高可被处以"
                 "全球年营业额10%的罚款。", language="zh")
    assert result["event_types"][0] == "legislation"


def test_sites_named_by_their_web_address_are_companies() -> None:
    # Georgia's competition agency, 9 January 2024: two ticket portals named by their addresses.
    result = tag("The Georgian Competition and Consumer Agency fined Tinet, which sells cinema tickets on tkt.ge, "
                 "and El-tickets, owner of the rival portal biletebi.ge.")
    assert {"tkt.ge", "biletebi.ge"} <= {c["name"] for c in result["companies"]}
    # A KB company's local site, a source cited and a link name no new company.
    other = tag("Italy's AGCM fined Amazon over Amazon.it listings, according to Statista.com data; details are "
                "on www.agcm.it.")
    assert [c["name"] for c in other["companies"]] == ["Amazon"]


def test_a_product_named_by_a_common_word_needs_its_maker_named() -> None:
    assert "Microsoft Office" in [c["name"] for c in tag("Microsoft will sell Teams separately from Office.")["companies"]]
    unrelated = tag("Samsung Electronics closed its Future Strategy Office, the antitrust court heard.")
    assert "Microsoft Office" not in [c["name"] for c in unrelated["companies"]]


def test_a_short_name_inside_a_body_s_full_name_is_that_body_again() -> None:
    # Japan's FTC written in full, then as 公平會, which alone is Taiwan's FTC's short name.
    result = tag("日本公平會公布手機軟體競爭促進法配套規則草案，公平會表示將於12月18日全面實施。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["JFTC"]


def test_an_abbreviated_month_ends_a_body_s_name() -> None:
    # Competition Bureau, November 2025: a court order against Applied Systems.
    result = tag("The Competition Bureau obtained an order from the Federal Court of Canada on Nov. 3 requiring "
                 "Applied Systems to produce records in its abuse of dominance investigation.")
    assert "Federal Court of Canada" in [r["name"] for r in result["regulators"]]
    assert not [r for r in result["regulators"] if r["name"].endswith("Nov")]


def test_a_court_s_seat_is_no_part_of_a_name_that_opens_with_a_place() -> None:
    # New York's attorney general v Early Warning (Zelle), December 2024; Poland's courts name their seat.
    result = tag("The complaint, filed in New York State Supreme Court in Manhattan, says Early Warning rushed Zelle "
                 "to market.")
    assert [r["name"] for r in result["regulators"]] == ["New York State Supreme Court"]


def test_a_body_s_own_name_is_not_read_as_a_country_s_description() -> None:
    # Vietnam's competition authority and council on Grab's purchase of Uber's business, 2018-2019
    # (constructed sentences): both were bodies of their own before the National Competition
    # Commission took over, which a description of the country's authority still names.
    names = [r["name"] for r in tag("The Vietnam Competition Authority (VCA) sent the Grab file to the "
                                    "Vietnam Competition Council.")["regulators"]]
    assert names == ["Vietnam Competition Authority", "Vietnam Competition Council"]
    assert [r["name"] for r in tag("The Vietnam Competition Commission fined Grab; Vietnam's competition "
                                   "authority said so.")["regulators"]] == ["National Competition Commission (Vietnam)"]


def test_a_name_many_bodies_share_is_the_body_of_the_text_s_one_country() -> None:
    def regulators(text: str) -> set[tuple[str, str]]:
        return {(r["name"], r["jurisdiction"]) for r in tag(text)["regulators"]}

    # New Zealand's Commerce Commission appealed the FibreX fine on Vodafone NZ (2021).
    assert ("High Court", "NZ") in regulators(
        "New Zealand's Commerce Commission has filed an appeal in the High Court against the $2.25 million fine "
        "imposed on Vodafone NZ over its FibreX advertising.")
    # The Philippines' Court of Appeals and the PCC's review of the San Miguel telco deal (2016).
    assert ("Court of Appeals", "PH") in regulators(
        "PLDT and Globe Telecom won the first round after the Court of Appeals barred the Philippine Competition "
        "Commission from reviewing the deal.")
    # Korea's National Assembly, to which the KFTC sent its draft platform act (2020): the KB's body.
    assert ("National Assembly of Korea", "KR") in regulators(
        "The Korea Fair Trade Commission published a draft platform act and will send it to the National Assembly.")
    # "The High Court" after "Seoul High Court" is that court again (Google's Android case, 2024).
    named = regulators("The Seoul High Court ruled against Google in its suit against the Korea Fair Trade "
                       "Commission's fine. The High Court found that Google abused its dominance.")
    assert ("Seoul High Court", "KR") in named and ("High Court", "KR") not in named


def test_a_city_that_seats_courts_places_a_body_but_is_no_part_of_its_name() -> None:
    def placed(result: dict) -> list[tuple[str, str]]:
        return [(r["name"], r["jurisdiction"]) for r in result["regulators"]]

    # T-2's damages suit against Telekom Slovenije (2023); Ceneo's interim protection against Google
    # (Warsaw, March 2024); Meta and Nigeria's data-protection fine (Abuja, November 2025).
    result = tag("Telekom Slovenije said rival T-2 had filed a lawsuit at the Ljubljana District Court seeking EUR 49.7m.")
    assert ("Ljubljana District Court", "SI") in placed(result)
    result = tag("In March 2024 the Regional Court in Warsaw granted Ceneo interim protection against Google.")
    assert ("Regional Court", "PL") in placed(result)
    result = tag("Meta settled the data-privacy fine; the Federal High Court in Abuja entered the deal as its judgment.")
    assert ("Federal High Court", "NG") in placed(result)


def test_alipay_hk_is_alipay() -> None:
    # AlipayHK's ride code on Kowloon Motor Bus, February 2021.
    result = tag("AlipayHK 7日宣布，旗下香港用户即日起可使用“易乘码”乘搭九巴。", language="zh")
    assert {"Alipay", "Alibaba"} <= {c["name"] for c in result["companies"]}


def test_qatar_s_telecom_regulator_needs_qatar_named() -> None:
    # Qatar's CRA on Ooredoo's international gateway (June 2021); elsewhere "CRA" is Canada's tax agency.
    result = tag("Qatar's Communications Regulatory Authority (CRA) said on Saturday that it had fined Ooredoo "
                 "Qatar QR3.5 million.")
    assert [(r["name"], r["jurisdiction"]) for r in result["regulators"]] == [("Communications Regulatory Authority", "QA")]
    assert result["relevant"] and result["event_types"] == ["fine"]
    assert not tag("The CRA said the Communications Regulatory Authority's tax credits were delayed.")["regulators"]


def test_a_comma_before_a_person_s_name_ends_a_body_s_name() -> None:
    # After Jordan's referral of its mobile operators (the regulator's chief named after a comma,
    # a list-like ministry's name a sentence later); the place is given here, as Jordan alone is none.
    result = tag("The chief commissioner of the Jordanian Telecommunications Regulatory Commission, Bassam "
                 "Al-Sarhan, said so. The referral came from the Ministry of Industry, Trade and Supply.")
    names = [r["name"] for r in result["regulators"]]
    assert "Telecommunications Regulatory Commission" in names or "Jordanian Telecommunications Regulatory Commission" in names
    assert not [name for name in names if "Bassam" in name]


def test_a_body_s_name_ends_at_its_owner_s_apostrophe() -> None:
    # India's Supreme Court on the AGR dues, 2020: the plural's apostrophe owns "demand".
    result = tag("India's Supreme Court rejected the telecom companies' review pleas against the Department of "
                 "Telecommunications' demand for dues.")
    assert "Department of Telecommunications" in [r["name"] for r in result["regulators"]]
    # A plural inside a name is the name's own (constructed).
    result = tag("The KFTC referred the case to the Seoul Central District Prosecutors' Office on Monday.")
    assert [r["name"] for r in result["regulators"]] == ["KFTC", "Seoul Central District Prosecutors' Office"]


def test_a_local_currency_word_follows_the_one_country_named_where_no_authority_is() -> None:
    # Inwi's suit against Maroc Telecom, December 2021: Morocco's dirhams, in a story that names no regulator.
    doc = load_pipeline("en")("Moroccan operator Inwi seeks 6.8 billion dirhams from Maroc Telecom.")
    assert [(m["currency"], m["amount"]) for m in doc.user_data[MONEY]] == [("MAD", 6.8e9)]
    # A bare "$" follows the authorities alone: a story that only mentions Australia may be in US dollars.
    found = find_money("The Australian start-up raised $50 million.", chinese_context=False, named_place="AU")
    assert [m["currency"] for m in found] == ["USD"]


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        ("fined Sh177.5 million", "KE", [(1.775e8, "KES")]),  # a shilling as Kenya's press writes it
        ("fined Sh177.5 million", "UG", [(1.775e8, "UGX")]),
        ("fined 5 million FCFA", "SN", [(5e6, "XOF")]),
        ("fined 5 million CFA francs", "CM", [(5e6, "XAF")]),
        ("fined Dh5 million", "MA", [(5e6, "MAD")]),
        ("fined 100 million kwacha", "MW", [(1e8, "MWK")]),
        ("fined 100 million kwacha", None, [(1e8, "ZMW")]),
        # Whose franc or shilling it is, no place says: left out, never a made-up currency.
        ("fined 5 million CFA francs", None, []),
        ("fined Sh177.5 million", None, []),
    ],
)
def test_a_local_currency_is_the_one_of_where_the_authorities_are(text: str, place: str | None, expected: list) -> None:
    found = find_money(text, chinese_context=False, place=place)
    assert [(pytest.approx(m["amount"]), m["currency"]) for m in found] == expected


def test_a_currency_read_by_place_must_name_its_places(tmp_path: Path) -> None:
    money = Path(__file__).parent.parent / "nlp" / "kb" / "money.yaml"
    lacking = tmp_path / "money.yaml"
    lacking.write_text(money.read_text(encoding="utf-8").replace("  kwacha: {default: ZMW, MW: MWK}\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="kwacha"):
        money_patterns(lacking)


@pytest.mark.parametrize(
    "text",
    [
        # Bank Negara Malaysia and Bank Indonesia, May 2023; the BSP's QR Ph, November 2019.
        "Bank Negara Malaysia and Bank Indonesia announced the commercial launch of the cross-border QR code payment "
        "linkage between their countries.",
        "The Bangko Sentral ng Pilipinas launched QR Ph, the country's national QR code standard, so one bank's codes "
        "can be paid from another's.",
    ],
)
def test_payment_codes_linked_or_made_common_are_an_opening(text: str) -> None:
    assert "interoperability_opening" in rule_types(text)


def test_words_that_only_look_like_another_sector_s_are_no_sign_of_one() -> None:
    # The FCC and the CPUC on Verizon's TracFone purchase, November 2021; the CCI's cement cartel case, 2016.
    texts = ["The California Public Utilities Commission cleared Verizon's purchase of TracFone.",
             "Bank Indonesia said the QR link was concrete evidence of regional payment connectivity.",
             "The CCI fined ten cement makers for cartelisation."]
    signals = [doc._.type_evidence.signals for doc in parsed_docs([{"id": i, "text": text, "language": "en"}
                                                                     for i, text in enumerate(texts)])]
    assert [OTHER_SECTOR in found for found in signals] == [False, False, True]


def test_deutsche_telekom_s_national_units_and_latin_american_bodies() -> None:
    # The Commission's probe of Czech network sharing, 2016; Chile's Supreme Court on spectrum, 2020;
    # Argentina's interoperable QR payments, 2021.
    result = tag("The European Commission opened an investigation into the network sharing agreement between O2 CZ "
                 "and T-Mobile CZ in the Czech Republic.")
    # (O2 CZ, a party the KB does not know, may be named by the name model beside it)
    named = [c["name"] for c in result["companies"]]
    assert named[0] == "Deutsche Telekom" and "T-Mobile CZ" not in named
    result = tag("Chile's Supreme Court ordered Movistar, Claro and Entel to give back spectrum. The Supreme Court "
                 "upheld the appeal of the consumer group Conadecus.")
    assert [r["name"] for r in result["regulators"]] == ["Supreme Court of Chile"]
    result = tag("Argentina's central bank (BCRA) confirmed April 30 as the deadline for Mercado Pago to open its "
                 "QR codes to rival wallets.")
    assert "BCRA" in [r["name"] for r in result["regulators"]]


def test_national_chinese_bodies_are_bodies() -> None:
    # SF Express and Cainiao, June 2017; JD.com's complaint against Alibaba, November 2015.
    result = tag("顺丰与菜鸟互断数据接口，国家邮政局出面协调。京东向国家工商总局实名举报阿里巴巴。", language="zh")
    assert {"国家邮政局", "国家工商总局"} <= {r["name"] for r in result["regulators"]}


def test_the_us_commerce_department_is_no_mofcom() -> None:
    # The US Commerce Department's entity list, 2020 (constructed): 美国商务部 holds 商务部, MOFCOM's short name.
    result = tag("美国商务部将更多华为子公司列入实体清单。", language="zh")
    assert "MOFCOM" not in [r["name"] for r in result["regulators"]]
    assert "MOFCOM" in [r["name"] for r in tag("商务部附条件批准惠普收购三星打印机业务。", language="zh")["regulators"]]


def test_mobile_video_is_no_activision() -> None:
    # Tencent's results, 2019 (constructed): 移动视频 holds 动视, Activision's short name.
    result = tag("腾讯二季度网络广告收入增长，主要来自移动视频观看次数增加。", language="zh")
    assert "Activision Blizzard" not in [c["name"] for c in result["companies"]]


def test_taiwan_s_fair_trade_commission_where_traditional_chinese_names_no_place() -> None:
    # Taiwan FTC, 23 March 2016: the review of ASE's bid for SPIL ended; the text names no place.
    result = tag("日月光公開收購矽品破局，公平會宣布中止審議結合案。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["Taiwan Fair Trade Commission"]
    # Simplified Chinese naming no place is the mainland's press: the short form is left unplaced.
    mainland = tag("日月光公开收购矽品破局，公平会宣布中止审议结合案。", language="zh")
    assert "Taiwan Fair Trade Commission" not in [r["name"] for r in mainland["regulators"]]


def test_a_building_s_management_committee_is_no_regulator() -> None:
    # Taiwan FTC on Tian Wai Tian Cable TV's exclusive deals with building committees (constructed).
    result = tag("公平會認定天外天有線電視與新北市三重區部分公寓大廈管理委員會簽訂獨家經營條款，違反公平交易法。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["Taiwan Fair Trade Commission"]


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # Indecopi on Rappi, 2024: "SPC" is its consumer chamber, no Chinese court.
        ("Peru's Indecopi fined Rappi; its Specialised Chamber for Consumer Protection (SPC) ruled in last instance.",
         "Supreme People's Court", "Indecopi"),
        # Brazil's child online safety law, September 2025: "ECA" is the statute, no Egyptian body.
        ("Lula signs Brazil's 'Digital ECA' law, which makes platforms verify users' ages, and hands oversight to "
         "the data protection authority ANPD.", "Egyptian Competition Authority", None),
        # The Egyptian Competition Authority's own initials, in a text placed in Egypt.
        ("Egypt's ECA fined Uber over its takeover of Careem in Cairo.", None, "Egyptian Competition Authority"),
    ],
)
def test_a_body_s_initials_need_its_country_where_the_text_names_another(text: str, absent: str | None,
                                                                         present: str | None) -> None:
    names = [r["name"] for r in tag(text)["regulators"]]
    assert absent not in names and (present is None or present in names)


def test_a_short_name_made_of_a_body_s_initials_is_that_body() -> None:
    # Korean coverage that names the KFTC in full, then "(FTC)" and "the FTC's": not the US FTC.
    result = tag("SEOUL - The Korea Fair Trade Commission (FTC) fined the delivery app Yogiyo for its price "
                 "guarantee. The FTC's competition bureau said restaurants were harmed.")
    assert [r["name"] for r in result["regulators"]] == ["KFTC"]
    assert [r["name"] for r in tag("The FTC sued Microsoft to block its purchase of Activision.")["regulators"]] == ["FTC"]


def test_a_date_before_li_an_is_no_hitachi() -> None:
    # "1月5日立案调查": the 5th, then 立案 (a case opened), holds 日立 (Hitachi, the KB's 日立).
    result = tag("2021年1月5日立案调查阿里巴巴；日立公司未被点名。", language="zh")
    assert [c["name"] for c in result["companies"]].count("Hitachi") == 1
    assert "Hitachi" not in [c["name"] for c in tag("市场监管总局于2021年12月24日立案调查。", language="zh")["companies"]]


def test_an_initialism_in_a_story_about_one_country_is_that_country_s_body() -> None:
    # KFTC review of AliExpress's and Temu's Korean terms, 20 November 2024: "FTC" after the
    # text has named Korea alone is "Korea's FTC", and so it stays; with the US named it is the US FTC.
    result = tag("AliExpress and Temu rewrite Korean user terms after FTC review\n\nThe platforms revised "
                 "their terms for South Korea after the Fair Trade Commission found unfair clauses. Both "
                 "are Chinese platforms; the FTC said more reviews would follow.")
    assert [r["name"] for r in result["regulators"]] == ["KFTC"]
    both = tag("The FTC and regulators in South Korea are looking at Temu's terms for the United States and Korea.")
    assert [r["name"] for r in both["regulators"]] == ["FTC"]
    # In Chinese too: 公平會 after 南韓 is Korea's (KFTC on Apple Korea, 2021); in a Taiwanese
    # story that names Korea only after it (Gamania, 2021) it stays Taiwan's.
    korean = tag("妨礙現場調查 蘋果南韓遭公平會罰3億韓元\n\n公平會表示蘋果妨礙調查。", language="zh")
    assert [r["name"] for r in korean["regulators"]] == ["KFTC"]
    taiwanese = tag("公平會罰遊戲橘子新台幣200萬元\n\n遊戲橘子稱台版機率與韓國相同。", language="zh")
    assert [r["name"] for r in taiwanese["regulators"]] == ["Taiwan Fair Trade Commission"]


def test_a_one_letter_name_before_a_full_stop_is_matched() -> None:
    # Epic v Google verdict, 11 December 2023: Tim Sweeney "celebrated the result on X."
    result = tag("Epic chief Tim Sweeney celebrated the verdict on X. Google said it would appeal the antitrust ruling.")
    assert "X" in [c["name"] for c in result["companies"]]


def test_products_named_in_coverage_roll_up_to_their_groups() -> None:
    # Ceneo v Google (Warsaw, 2024), the Google News Showcase case (Bundeskartellamt, 2023), and
    # the KFTC's clearance of Kakao's SM Entertainment stake (2023): products and units with their groups.
    result = tag("Allegro's Ceneo sued Google over Shopping. The Bundeskartellamt closed its Google News Showcase "
                 "case. The KFTC cleared Kakao's stake in SM Entertainment.")
    parents = {c["name"]: c["parent"] for c in result["companies"]}
    assert parents["Ceneo"] == "Allegro" and parents["Google News Showcase"] == "Alphabet"
    assert parents["SM Entertainment"] == "Kakao"


def test_china_s_financial_regulators_and_ant_s_credit_products_are_in_the_kb() -> None:
    # The joint 约谈 of Ant Group, 29 April 2021: PBOC, CBIRC, CSRC and SAFE; Huabei and Jiebei
    # roll up to Ant's group. "证监会" alone is the CSRC only where the text is in China.
    result = tag("人民银行、银保监会、证监会、外汇局再次约谈蚂蚁集团，要求断开支付宝与花呗、借呗等产品的不当连接。", language="zh")
    assert {(r["name"], r["jurisdiction"]) for r in result["regulators"]} == {
        ("PBOC", "CN"), ("CBIRC", "CN"), ("CSRC", "CN"), ("State Administration of Foreign Exchange", "CN")}
    assert {c["name"]: c["parent"] for c in result["companies"]}["Huabei"] == "Alibaba"
    assert tag("證監會今日公布一宗內幕交易案的裁決。", language="zh")["regulators"] == []


def test_a_body_named_without_its_country_is_the_country_s_kb_authority() -> None:
    # Korea's Supreme Court on Yogiyo, 20 February 2025; "California's Supreme Court" stays the state's.
    result = tag("Korea's Supreme Court upholds Yogiyo acquittal\n\nSouth Korea's Supreme Court upheld the acquittal "
                 "of Yogiyo's operator. The Fair Trade Commission had imposed a 468 million won penalty on Yogiyo.")
    assert {(r["name"], r["id"]) for r in result["regulators"]} == {
        ("Supreme Court of Korea", "kr-supreme-court"), ("KFTC", "kr-kftc")}
    state = tag("California's Supreme Court upheld Proposition 22, which lets Uber and Lyft treat drivers as contractors.")
    assert "US Supreme Court" not in [r["name"] for r in state["regulators"]]


def test_payments_regulators_and_hungary_s_supreme_court_are_in_the_kb() -> None:
    # CADE and Brazil's central bank on WhatsApp payments, June 2020; the UK PSR's fee cap, 2025.
    result = tag("Brazil's central bank and CADE suspended WhatsApp payments a week after launch.")
    assert {"Central Bank of Brazil", "CADE"} <= {r["name"] for r in result["regulators"]}
    result = tag("The Payment Systems Regulator capped Visa and Mastercard's cross-border fees for lack of competition.")
    assert [r["name"] for r in result["regulators"]] == ["Payment Systems Regulator"]


def test_austria_s_cartel_courts_and_france_s_consumer_authority_are_in_the_kb() -> None:
    # BWB on Meta/Giphy, 2022; the DGCCRF on Apple, February 2020.
    result = tag("Austria's Federal Competition Authority appealed the Cartel Court's clearance of Meta's Giphy deal "
                 "to the Supreme Cartel Court.")
    assert {"Cartel Court", "Supreme Cartel Court"} <= {r["name"] for r in result["regulators"]}
    result = tag("Apple agreed to pay a €25 million fine after France's DGCCRF found iPhone owners were not told about slowdowns.")
    assert [(r["name"], r["jurisdiction"]) for r in result["regulators"]] == [("DGCCRF", "FR")]


def test_a_chinese_body_named_short_and_in_full_is_listed_once_in_full() -> None:
    # Zhengzhou's market regulator on Trip.com's price tool, 2025.
    result = tag("携程遭举报 郑州市市场监管局立案调查\n\n郑州市市场监督管理局已正式立案调查携程。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["郑州市市场监督管理局"]
    # (also where the short form drops the city's 市: constructed)
    result = tag("郑州市场监管局约谈携程\n\n郑州市市场监督管理局约谈了携程。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["郑州市市场监督管理局"]


def test_a_province_s_market_regulator_written_without_its_province_word_is_the_kb_s() -> None:
    # Zhejiang's market regulator fined Bull Group 2.9481亿元 for resale price maintenance
    # (September 2021; reported by 中国经济网 and qianhuiip.com/news/detail_163961_1393.html).
    result = tag("公牛集团被罚2.9481亿元\n\n浙江市场监管局认定公牛集团与经销商达成并实施垄断协议，对其处以2.9481亿元罚款。",
                 language="zh")
    assert [(r["name"], r["jurisdiction"]) for r in result["regulators"]] == [("Zhejiang Administration for Market Regulation", "CN")]


@pytest.mark.parametrize("text, court", [
    # Courts in new areas and free-trade zones, numbered courts, a province before a city: real
    # courts named in unfair-competition cases (Tencent v. a Tianjin game-cheat seller; Kuaishou
    # pop-ups; Huawei v. Samsung, Quanzhou 2017), the sentences ours.
    ("判决由天津滨海新区法院作出。", "天津滨海新区法院"),
    ("原告诉至上海浦东新区人民法院。", "上海浦东新区人民法院"),
    ("天津自由贸易试验区人民法院审理了此案。", "天津自由贸易试验区人民法院"),
    ("北京市第三中级人民法院判决驳回。", "北京市第三中级人民法院"),
    ("此前湖北省武汉东湖新技术开发区人民法院一审判决。", "湖北省武汉东湖新技术开发区人民法院"),
    ("福建泉州市中級人民法院對華為終端起訴三星一案作出判決。", "福建泉州市中級人民法院"),
])
def test_a_chinese_court_s_name_holds_its_zone_its_number_and_its_province(text: str, court: str) -> None:
    assert court in [r["name"] for r in tag(text, language="zh")["regulators"]]


def test_a_national_body_s_short_name_after_a_chinese_place_is_the_local_body() -> None:
    # The CAC's Weibo-trending case against Xiaohongshu (September 2022), carried out by
    # Shanghai's office; the NDRC of a province; a free-trade-zone court named short and in full.
    result = tag("国家网信办指导上海市网信办约谈小红书。海南省发改委另行通报。", language="zh")
    assert sorted(r["name"] for r in result["regulators"]) == ["CAC", "上海市网信办", "海南省发改委"]
    result = tag("天津自贸区法院判决\n\n天津自由贸易试验区人民法院认为，被告构成不正当竞争。", language="zh")
    assert [r["name"] for r in result["regulators"]] == ["天津自由贸易试验区人民法院"]


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
    ("The Vietnam Competition and Consumer Authority will decide the Grab and Uber case.", "en",
     {"Vietnam Competition and Consumer Authority": "VN"}),
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
     {"內政部": "TW", "法務部": "TW", "臺灣高等檢察署": "TW"}),
    ("西安市中级人民法院10月26日对腾讯诉抖音著作权案作出一审判决。", "zh", {"西安市中级人民法院": "CN"}),
    # Baidu Baike v a scraping rival, 2025: a district's three-character name after its city.
    ("上海市浦东新区人民法院一审判决被告赔偿百度。", "zh", {"上海市浦东新区人民法院": "CN"}),
    # A railway transport court (Hangzhou's hears internet cases); a Dutch city's court in a text
    # that also names the EU's court.
    ("杭州铁路运输法院6月初对腾讯诉两家公司不正当竞争案作出判决。", "zh", {"杭州铁路运输法院": "CN"}),
    ("Claims against Apple went to the District Court of Amsterdam, which asked the Court of Justice in Luxembourg.",
     "en", {"District Court of Amsterdam": "NL"}),
    # Yuhang district's market regulator, 2024 (constructed sentence): a mainland market
    # regulator is China's wherever its county or district lies.
    ("杭州市余杭区市场监管局对一家电商平台作出行政处罚。", "zh", {"杭州市余杭区市场监管局": "CN"}),
    # Sichuan's industry and commerce bureau, 2018: the market regulators' name before 2018.
    ("四川省工商局通报，泸州信宝网络科技有限公司因虚假宣传被罚款10万元。", "zh", {"四川省工商局": "CN"}),
    ("青海省海東市市場監督管理局依據《電子商務法》對美團外賣運營中心罰款5萬元。", "zh", {"青海省海東市市場監督管理局": "CN"}),
    ("亞馬遜15日向盧森堡行政法庭提起上訴，挑戰盧森堡國家數據保護委員會的罰單。", "zh",
     {"盧森堡行政法庭": "LU", "盧森堡國家數據保護委員會": "LU"}),
    # a ministry's bureau is one name, and its short form no second body
    ("《公路法》修正條文在台灣實施後，交通部公路總局隨即展開稽查，公路總局表示將持續取締Uber車輛。", "zh",
     {"交通部公路總局": "TW"}),
    # A state attorney general followed by the office holder's name (Ohio v Google, 2021; FTC,
    # Illinois and Minnesota v Deere, January 2025): the name ends at the office.
    ("A judge dismissed Ohio Attorney General Dave Yost's lawsuit against Google.", "en", {"Ohio Attorney General": "US"}),
    ("The FTC, joined by Illinois Attorney General Kwame Raoul and Minnesota Attorney General Keith Ellison, sued Deere.",
     "en", {"Illinois Attorney General": "US", "Minnesota Attorney General": "US"}),
    # Bangladesh's competition commission on Foodpanda, 2024: a country the place table lists only since then.
    ("The Bangladesh Competition Commission fined Foodpanda Tk10 lakh for abusing its dominance.", "en",
     {"Bangladesh Competition Commission": "BD"}),
    # Zambia's CCPC on Airtel Money, a name Ireland's competition authority shares: Ireland's only
    # where the text is in Ireland.
    ("Zambia's competition commission fines Airtel Money\n\nLusaka — The Competition and Consumer Protection "
     "Commission (CCPC) has fined Airtel Money 3% of its annual turnover.", "en",
     {"Competition and Consumer Protection Commission": "ZM"}),
])
def test_a_public_body_the_kb_does_not_list_is_named_as_written_with_its_jurisdiction(
        text: str, language: str, bodies: dict) -> None:
    result = tag(text, language=language)
    assert {r["name"]: r["jurisdiction"] for r in result["regulators"] if r["id"] is None} == bodies


@pytest.mark.parametrize(("text", "language", "regulators"), [
    # the KB names the body, or the body it belongs to, or it in brackets
    ("The Competition and Markets Authority Board cleared the deal.", "en", ["CMA"]),
    ("The Dutch court asked the Court of Justice in Luxembourg for guidance.", "en", ["Court of Justice of the EU"]),
    ("歐盟反壟斷部門近日對微軟Azure展開調查。", "zh", ["European Commission"]),
    # A one-word name that needs context, ending a longer name the KB does not list, is no mention
    # of it: Apple's fee under the DMA is no European Commission.
    ("Apple's Core Technology Commission applies to apps distributed in the EU.", "en", []),
    ("金管會表示，將與通訊事務管理局交流電子支付監理經驗。", "zh",
     ["Financial Supervisory Commission", "Office of the Communications Authority"]),
    ("CFIUS reviewed the deal, and Italy's Guardia di Finanza searched the offices.", "en",
     ["Committee on Foreign Investment in the United States", "Guardia di Finanza"]),
    # A Taiwan district court named by its seat alone (Shilin, 2024).
    ("士林地方法院判決蝦皮敗訴。", "zh", ["士林地方法院"]),
    # China's State Council, but not its offices, a regulation's title or the law's term for SAMR.
    ("国务院公布《公平竞争审查条例》，8月1日起施行。", "zh", ["State Council"]),
    ("该指引依据国务院关于经营者集中申报标准的规定，国务院新闻办公室举行发布会。", "zh", ["国务院新闻办公室"]),
    # Bodies the KB lists short (HAKOM's record fine on Hrvatski Telekom; the State Council
    # Information Office's briefing on number portability, 2019), and an acronym that needs its
    # full name first: "FCA" alone is Fiat Chrysler here (its 2019 merger deal with PSA).
    ("HAKOM fined Hrvatski Telekom HRK28.1 million.", "en", ["HAKOM"]),
    ("国新办举行新闻发布会，介绍携号转网进展。", "zh", ["国务院新闻办公室"]),
    ("FCA and PSA agreed to merge.", "en", []),
    # A central bank named inside a commercial bank's name is not there (the Rogers outage, 2022).
    ("Customers of Royal Bank of Canada reported problems during the Rogers outage in Canada.", "en", []),
    ("Mastercard cannot appeal a decision letting the Reserve Bank of Australia's data into the ACCC's case.", "en",
     ["Reserve Bank of Australia", "ACCC"]),
    ("新法明确国务院反垄断执法机构统一负责执法。", "zh", []),
    # A federal trial court named by where it sits (its `seats` in the KB, in `seat_forms`).
    ("The states sued Google in federal court in Oakland, California.", "en",
     ["US District Court for the Northern District of California"]),
    ("A federal judge in Delaware entered final judgment for Qualcomm.", "en", ["US District Court for the District of Delaware"]),
    ("A federal judge in Washington state oversees the Federal Trade Commission's case against Amazon.", "en", ["FTC"]),
    ("A federal appeals court in San Francisco upheld the verdict for Epic.", "en", []),
    ("纽瓦克联邦地区法院法官驳回苹果动议，司法部诉讼继续。", "zh",
     ["US District Court for the District of New Jersey", "DOJ"]),
    ("美國加州奧克蘭聯邦地區法院法官撤銷集體訴訟資格。", "zh", ["US District Court for the Northern District of California"]),
    ("Italy's Competition and Market Authority (AGCM) fined Apple.", "en", ["AGCM"]),
    ("工信部新闻发言人、信息通信管理局局长赵志国表示，App须整改。", "zh", ["MIIT"]),
    # Transport regulators summoning ride-hailing platforms (Xi'an, Chongqing, Jiangsu, Shanghai, 2023–2025):
    # bureaus, departments and commissions, and a commission's name opening with 交 (a stop character).
    ("西安市交通运输局要求网约车平台暂停一口价。", "zh", ["西安市交通运输局"]),
    ("重庆市交通运输委员会部署整治网约车低价竞争。", "zh", ["重庆市交通运输委员会"]),
    ("江苏省交通运输厅联合南京市交通运输局约谈七家网约车平台。", "zh", ["江苏省交通运输厅", "南京市交通运输局"]),
    ("上海市交通委约谈滴滴。", "zh", ["上海市交通委"]),
    ("上海市交通委员会约谈滴滴。", "zh", ["上海市交通委员会"]),
    ("公平會主委23日在立法院經濟委員會坦言，兩者結合後市占率高。", "zh", ["Taiwan Fair Trade Commission", "Legislative Yuan"]),
    ("韓國國會科學技術情報放送通信委員會2日召開會議，討論Coupang個資外洩。", "zh", ["National Assembly of Korea"]),
    # "the commission" after words that open no name (CCI on Apple, lahd.cn, 2026; PIPC on AliExpress,
    # sinchew.com.my, 2024), and a board's audit committee (Kuaishou's results, 2024)
    ("印度竞争委员会要求苹果在7天内回应，否则委员会将依据现有证据继续调查。", "zh", ["CCI"]),
    ("速卖通表示，今后将继续听取委员会的意见。", "zh", []),
    ("快手表示，该等中期业绩已由审核委员会及独立核数师审阅。", "zh", []),
    # a company's, or its organs
    ("Apple's Board approved the buyback in the United States.", "en", []),
    ("Meta's Oversight Board overturned the takedown in the United States.", "en", []),
    ("The Oversight Board, which Meta funds, overturned the takedown in the United States.", "en", []),
    ("Samsung closed its Future Strategy Office, a court in South Korea heard.", "en", []),
    ("Microsoft Office sales rose in the United States, Microsoft said.", "en", []),
    # a person whose name ends in a head word, after their title (ACCC v Apple, June 2018)
    ("ACCC Commissioner Sarah Court said Apple had misled customers in Australia.", "en", ["ACCC"]),
    # a minister speaking (India, March 2025); the one who decides on mergers in South Africa is the KB's
    ("Minister of State for Corporate Affairs Harsh Malhotra said India's CCI would enforce the law.", "en", ["CCI"]),
    ("The Minister of Trade, Industry and Competition in South Africa approved the Vodacom deal.", "en",
     ["Minister of Trade, Industry and Competition"]),
    # a court's panel (Federal Court of Justice on Apple, March 2025)
    ("The Cartel Senate of Germany's Federal Court of Justice confirmed the decision.", "en", ["Federal Court of Justice (BGH)"]),
    # an official's title, not an office (DOJ on RealPage, 2024)
    ("Assistant Attorney General Jonathan Kanter said the Justice Department would press its case.", "en", ["DOJ"]),
    # an authority's bureau, named without the authority (FTC v Surescripts, July 2023; the KB names the FTC)
    ("The FTC settled with Surescripts. Bureau of Competition Director Holly Vedova said rivals could now compete.", "en", ["FTC"]),
    # a trade group
    ("The Interactive Advertising Bureau complained to the US Federal Trade Commission.", "en", ["FTC"]),
    # a law
    ("The Kenya Information and Communications Authority Act took effect in Kenya.", "en", []),
    ("The Kenya Information and Communications Authority Act's new rules took effect in Kenya.", "en", []),
    # a law whose title a body's name opens (Malaysia's Federal Court on MyCC v Grab, freemalaysiatoday.com, 2025)
    ("The Federal Court held that the appeal had not met Section 96 of the Courts of Judicature Act 1964 in Malaysia.",
     "en", ["Federal Court"]),
    # a head word alone, or used as an adjective, or a name many bodies share
    ("The court said a ministry official in Kenya had misled the Commission.", "en", []),
    ("A Court Order in Kenya required Safaricom to stop.", "en", []),
    ("The case against Apple went to a US District Court in Kansas.", "en", []),
    # a title-case headline: no name can be told there
    ("Apple Drops UK Tribunal Challenge To Home Office Encryption Order\n\nApple said it would comply in Britain.", "en", []),
    ("EU Hands Tech Giants Fresh Blow From New Digital Platforms Council\n\nThe European Commission met the platforms.", "en",
     ["European Commission"]),
    # no jurisdiction: left out
    ("The Fair Work Commission heard the Uber drivers' case.", "en", []),
    # a news agency cited, an international organisation's body (Turkey on Google, 2018; Alibaba, 2025)
    ("The Turkish Competition Board opened an investigation into Google, Anadolu Agency reported.", "en",
     ["Turkish Competition Authority"]),
    ("Alibaba's chairman spoke at the U.N. General Assembly in New York.", "en", []),
    # a pension fund, and a share index (Salesforce and Informatica, May 2025; Thales and Imperva, 2023)
    ("Canada Pension Plan Investment Board owns part of Informatica in the United States.", "en", []),
    ("Thales shares fell 2% on the CAC 40 in Paris as China's market regulator reviewed the deal.", "en", []),
    # generic Chinese: courts with no unit or qualifier, a department (部门), a meeting (委員會議)
    ("台灣法院駁回上訴，該委員會表示尊重。Uber台灣公關經理表示，將與法務部門討論。", "zh", []),
    ("台灣公平交易委員會9月1日、8日及15日三次委員會議審議。", "zh", ["Taiwan Fair Trade Commission"]),
    # departments (部门) whose names hold a ministry's (Zhuzhou's ride-hailing clean-up, 2023)
    ("株洲交通运输部门表示，下一步将开展网约车合规化专项整治，公安部门配合。", "zh", []),
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
# Measured on 6,585 items: dev .955 .963 .976 .996 .966 .998; holdout .923 .953 .956 .796 .917 .963.
FLOORS = {
    # (companies, jurisdictions, event types, fines, relevance: models trained on dev)
    "dev": (0.935, 0.945, 0.965, 0.965, 0.955, 0.985),
    "holdout": (0.91, 0.94, 0.945, 0.77, 0.90, 0.95),
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


def test_a_second_reading_is_scored_against_the_gold_items_it_covers(tmp_path) -> None:
    from gatewatch.nlp.evaluate import evaluate_second_reading

    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()[:2]]
    disagreeing = {**gold[1]["gold"], "relevant": not gold[1]["gold"]["relevant"]}
    second = tmp_path / "second.jsonl"
    second.write_text(f'{json.dumps({"id": gold[0]["id"], "gold": gold[0]["gold"]})}\n'
                      f'{json.dumps({"id": gold[1]["id"], "gold": disagreeing})}\n', encoding="utf-8")
    (reader, reader_reports), (pipeline, pipeline_reports) = evaluate_second_reading(GOLD, second)
    assert (reader, pipeline) == ("reader 2", "pipeline")
    assert reader_reports["all"].items == pipeline_reports["all"].items == 2
    assert reader_reports["all"].relevance_accuracy == 0.5
    assert reader_reports["all"].fields["companies"].f1 == 1.0
    second.write_text('{"id": "no-such-item", "gold": {}}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no-such-item"):
        evaluate_second_reading(GOLD, second)


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
