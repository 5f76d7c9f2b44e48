"""Events in the database: incremental updates, history of changes, case threads, fines in euros."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from gatewatch import workflow
from gatewatch.db import store
from gatewatch.db.events import rebuild_events, update_events
from gatewatch.db.fines import fine_details, sentence_around, turnover_share
from gatewatch.db.fx import monthly_rates, to_eur

SOURCE = {"id": "wire", "name": "A wire", "url": "http://127.0.0.1/feed", "kind": "feed", "tier": "wire"}
# Coverage of the Commission's Google Shopping decision (27 June 2017, case AT.39740) and the
# General Court's judgment upholding it (10 November 2021), and the Android fine (18 July 2018).
SHOPPING = ("Google fined €2.42 billion over shopping search",
            "The European Commission fined Google €2.42 billion on 27 June 2017 for giving its own comparison "
            "shopping service an illegal advantage in its search results.")
SHOPPING_COPY = ("EU hands Google €2.42 billion fine",
                 "Google was fined €2.42 billion by the European Commission on 27 June 2017 for favouring its own "
                 "comparison shopping service in search results.")
JUDGMENT = ("EU court upholds €2.42 billion Google Shopping fine",
            "The General Court on 10 November 2021 dismissed Google's appeal against the €2.42 billion fine the "
            "European Commission imposed over its comparison shopping service.")
ANDROID = ("Google fined €4.34 billion over Android",
           "The European Commission fined Google €4.34 billion on 18 July 2018 for illegal restrictions on "
           "Android device makers. Fines under EU competition law can reach 10% of a company's global turnover.")


def add(db, key: str, story: tuple[str, str], published: str) -> int:
    store.store_article(db, {"canonical_url": f"http://127.0.0.1/{key}", "url": f"http://127.0.0.1/{key}",
                             "source_id": "wire", "title": story[0], "text": story[1], "published": published,
                             "fetched_at": published})
    return next(db.query("select id from articles where canonical_url = ?", [f"http://127.0.0.1/{key}"]))["id"]


@pytest.fixture
def db(tmp_path: Path):
    with contextlib.closing(store.open_db(tmp_path / "events.db")) as database:
        store.sync_sources(database, [SOURCE])
        yield database


def events_of(db) -> dict[int, dict]:
    return {row["article_id"]: row for row in db.query(
        "select event_articles.article_id, events.* from event_articles join events on events.id = event_articles.event_id")}


def test_updates_are_incremental_and_idempotent(db) -> None:
    first = add(db, "shopping", SHOPPING, "2017-06-27")
    workflow.tag_database(db)
    assert update_events(db)["events_new"] == 1
    assert update_events(db) == {"articles": 0, "events_changed": 0, "events_new": 0, "events_removed": 0, "history": 0}
    copy = add(db, "shopping-copy", SHOPPING_COPY, "2017-06-28")
    workflow.tag_database(db)
    update = update_events(db)
    assert (update["articles"], update["events_new"]) == (1, 0), "a copy joins the stored event"
    events = events_of(db)
    assert events[first]["id"] == events[copy]["id"] and events[copy]["articles"] == 2
    db["event_state"].delete_where()  # as in a database whose events predate their tallies
    third = add(db, "shopping-third", (SHOPPING_COPY[0] + "!", SHOPPING_COPY[1]), "2017-06-28")
    workflow.tag_database(db)
    assert update_events(db)["events_new"] == 0 and events_of(db)[third]["articles"] == 3, "tallies recounted"
    before = {r["id"]: r["title"] for r in db.query("select id, title from events")}
    rebuild_events(db)
    assert {r["id"]: r["title"] for r in db.query("select id, title from events")} == before


def test_a_fine_in_euros_with_its_sentence_and_month(db) -> None:
    add(db, "android", ANDROID, "2018-07-18")
    workflow.tag_database(db)
    update_events(db)
    event = next(db.query("select * from events"))
    assert (event["fine_currency"], event["fine_amount"], event["fine_eur"]) == ("EUR", 4.34e9, 4.34e9)
    assert event["fx_month"] == "2018-07" and event["date_precision"] == "day"
    assert event["fine_sentence"].startswith("The European Commission fined Google €4.34 billion")
    assert event["fine_turnover_pct"] is None, "the 10% cap is in another sentence, not this fine's"


def test_changes_keep_their_history_and_withdrawn_coverage_removes_its_event(db) -> None:
    article = add(db, "android", ANDROID, "2018-07-18")
    workflow.tag_database(db)
    update_events(db)
    event_id = next(db.query("select id from events"))["id"]
    corrected = tuple(part.replace("€4.34 billion", "€4.3 billion").replace("18 July", "17 July") for part in ANDROID)
    add(db, "android", corrected, "2018-07-18")  # the same URL, amended: stored as a new version
    workflow.tag_database(db)
    update_events(db)
    changes = {r["field"]: r for r in db.query("select * from event_history where event_id = ?", [event_id])}
    assert changes["fine_amount"]["old_value"] == "4340000000.0" and changes["fine_amount"]["new_value"] == "4300000000.0"
    assert changes["decision_date"]["new_value"] == "2018-07-17" and changes["fine_amount"]["changed_at"]
    add(db, "android", ("Google results", "Alphabet reported quarterly revenue of $32.7 billion."), "2018-07-18")
    workflow.tag_database(db)
    assert update_events(db)["events_removed"] == 1
    assert db["events"].count == 0 and db["cases"].count == 0
    removal = next(db.query("select * from event_history where field = 'event'"))
    assert removal["event_id"] == event_id and "unrelated" in removal["reason"]
    assert db["articles"].get(article)["relevant"] == 0


def test_a_judgment_joins_the_case_of_the_fine_it_reviews(db) -> None:
    fine = add(db, "shopping", SHOPPING, "2017-06-27")
    other = add(db, "android", ANDROID, "2018-07-18")
    judgment = add(db, "judgment", JUDGMENT, "2021-11-10")
    workflow.tag_database(db)
    update_events(db)
    events = events_of(db)
    assert events[fine]["id"] != events[judgment]["id"], "a judgment years later is an event of its own"
    assert events[fine]["case_id"] == events[judgment]["case_id"] != events[other]["case_id"]
    case = db["cases"].get(events[fine]["case_id"])
    assert case["events"] == 2 and case["opened"] == "2017-06-27" and case["last_action"] == "2021-11-10"
    assert case["stages"].index("2017-06-27") < case["stages"].index("2021-11-10")


def test_fx_table_converts_at_the_decision_month() -> None:
    # The ECB's reference rate averaged about 7.8 yuan per euro in April 2021: SAMR's
    # CNY 18.228bn fine on Alibaba was about €2.34bn.
    converted = to_eur(18.228e9, "CNY", "2021-04-10")
    assert converted["rate_month"] == "2021-04" and 2.3e9 < converted["eur"] < 2.37e9
    latest = max(monthly_rates()["USD"])
    assert to_eur(1.0, "USD", "2099-01-01")["rate_month"] == latest, "past the table: its latest month, said"
    assert to_eur(1.0, "TWD", "2024-01-01") is None, "a currency the ECB does not quote gets no euro value"


def test_the_fine_headlines_name_wins_over_fines_recalled_below() -> None:
    """EU AdSense fine, 20 March 2019: coverage recalls the larger Android fine further down."""
    recalled = {"currency": "USD", "amount": 5e9, "text": "$5 billion"}
    coverage = [
        ("major", "Google fined 1.49 billion euros over AdSense contracts",
         "The EU fined Google 1.49 billion euros. It follows a $5 billion penalty over Android.",
         [{"currency": "EUR", "amount": 1.49e9, "text": "1.49 billion euros"}, recalled]),
        ("major", "Google's third EU antitrust fine", "Brussels fined Google again. " + "x" * 400 + " $5 billion.",
         [recalled]),
    ]
    fine = fine_details(coverage, "2019-03-20")
    assert (fine["fine_currency"], fine["fine_amount"], fine["fine_text"]) == ("EUR", 1.49e9, "1.49 billion euros")


def test_fine_sentence_and_share_of_turnover() -> None:
    text = "Regulators acted on Monday. The fine of €500m equals 1.5% of its global turnover. Shares fell."
    sentence = sentence_around(text, "€500m")
    assert sentence == "The fine of €500m equals 1.5% of its global turnover."
    assert turnover_share(sentence) == 1.5
    assert turnover_share("处以其2019年中国境内销售额4%的罚款") == 4.0  # SAMR on Alibaba, 2021
    assert turnover_share("Its revenue rose 4% in the quarter.") is None
    assert turnover_share("营业额增长4%") is None


def test_effective_date_from_a_sentence_that_says_so() -> None:
    from gatewatch.db.effective import effective_date

    english = ("The Commission designated six gatekeepers on 6 September 2023. They must comply with the "
               "obligations, which apply from 7 March 2024.", "2023-09-06")
    chinese = ("2022年6月24日，全国人大常委会通过反垄断法修正决定，自2022年8月1日起施行。", "2022-06-24")
    assert effective_date([english]) == "2024-03-07"
    assert effective_date([chinese]) == "2022-08-01"
    assert effective_date([("The fine was imposed on 4 March 2024.", "2024-03-04")]) is None


def test_a_currency_without_an_ecb_rate_keeps_its_amount_and_says_why(db) -> None:
    # Taiwan's Fair Trade Commission fined Qualcomm NT$23.4 billion on 11 October 2017.
    add(db, "qualcomm", ("Taiwan fines Qualcomm NT$23.4 billion",
                         "Taiwan's Fair Trade Commission fined Qualcomm NT$23.4 billion on 11 October 2017 for "
                         "abusing its dominance in modem chips."), "2017-10-11")
    workflow.tag_database(db)
    update_events(db)
    event = next(db.query("select * from events"))
    assert (event["fine_currency"], event["fine_amount"], event["fine_eur"]) == ("TWD", 23.4e9, None)
    assert event["fx_month"] == "no ECB rate for TWD" and event["title"].endswith("TWD 23.4bn")
