"""``gatewatch_event``: what kind of action a text reports, how big, when, where, and whether
it is an action Gatewatch tracks at all.

It reads what the earlier components left on the doc (mentions, money, dates) and the cue
lists in ``kb/event_types.yaml``, and sets ``doc._.event``:
``{"relevant", "event_types", "fines", "turnover_shares", "event_date", "jurisdictions"}``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.cues import Cue, CueSet, CueText, any_cue_alternation, compile_cue
from gatewatch.nlp.components.dates import DATES, PUBLISHED
from gatewatch.nlp.components.event_facts import HOME_JURISDICTIONS, distinct_fines, event_date, jurisdictions, same_fine
from gatewatch.nlp.components.doccache import end_of_lead, extension_key
from gatewatch.nlp.components.linker import MENTIONS
from gatewatch.nlp.components.money import MONEY, TURNOVER_SHARES
from gatewatch.nlp.components.script import matching_text
from gatewatch.nlp.kb import KnowledgeBase, load_kb, read_yaml_file
from gatewatch.nlp.typemodel import OTHER, RELEVANT, Evidence, TypeModel, load_type_model

Doc.set_extension("event", default=None, force=True)
EVENT = extension_key("event")
# What the type model reads (``typemodel.Evidence``), left for its training to collect.
Doc.set_extension("type_evidence", default=None, force=True)
TYPE_EVIDENCE = extension_key("type_evidence")

EVENT_FILE = Path(__file__).parent.parent / "kb" / "event_types.yaml"
# A cue in the first sentence (headline or lead) counts this many times.
LEAD_WEIGHT = 3
# One cue counts at most this many times (its heaviest hits): a text that repeats "收购"
# six times is not six times more about a merger.
CUE_REPEATS = 2
# A type is reported when its score reaches this share of the best type's score …
RELATIVE_FLOOR = 0.6
# … and at least this many cue hits.
MIN_SCORE = 2
# Actions usually reported beside another (an opening agreed in a settlement or made to comply):
# a headline or lead cue reports them however strong the other action's cues.
SECONDARY = ("interoperability_opening",)
# Actions that are in Gatewatch's field without an authority or a competition word in the text
# (a platform opening up to a rival); a private suit or settlement needs one (privacy suits).
SELF_STANDING = ("interoperability_opening",)
# An opening a text also speaks of complying with (a law, an order: any cue of the second
# type) is a change made to comply as well: the pair is reported together.
MADE_TO_COMPLY = ("interoperability_opening", "compliance_change")
# What a competition authority the headline or lead names does, in a text about competition
# with no cue of a known action: a step short of a decision (a market statement, a new office).
UNNAMED_STEP = OTHER
# Court and appeal actions: the fine their coverage names is under review, not imposed anew.
REVIEWS = {"ruling", "appeal"}


# Labels of the cues that are not action cues (those are labelled with their event type): the
# words that put a text in a field or out of it, and the words that, in the headline or lead,
# say how to read its action cues (labelled with their keys in the cue file).
RELEVANCE, WEAK_RELEVANCE, RIVALRY = "(relevance cue)", "(weak relevance cue)", "(rivalry cue)"
PRIVACY, OTHER_FIELD, OTHER_SECTOR = "(privacy cue)", "(other field cue)", "(other sector cue)"
INVESTOR_SUIT = "(investor suit cue)"  # in the headline or lead: the text is out of the field
FINE_IMPOSED = "fine_imposed"  # a fine is imposed, not reviewed
FIRST_INSTANCE = "first_instance"  # a court judges a case first, not on appeal
CERTIFIED = "certified"  # a court lets a claim go ahead
DEAL_PROBE = "deal_probe"  # a probe's object is a deal
FINE_TALLY = "fine_tally"  # the fines named are an authority's tally
CASELOAD = "caseload"  # the text reports an authority's record over a period
APPEAL_BROUGHT, APPEAL_DECIDED = "appeal_brought", "appeal_decided"  # an appeal is brought, or decided
FIELD_KEYS = ((RELEVANCE, "relevance_cues"), (WEAK_RELEVANCE, "weak_relevance_cues"), (RIVALRY, "rivalry_cues"),
              (PRIVACY, "privacy_fields"), (OTHER_FIELD, "other_fields"), (OTHER_SECTOR, "other_sectors"),
              (INVESTOR_SUIT, "investor_suits"),
              *((frame, frame) for frame in (FINE_IMPOSED, FIRST_INSTANCE, CERTIFIED, DEAL_PROBE, FINE_TALLY, CASELOAD,
                                             APPEAL_BROUGHT, APPEAL_DECIDED)))
FIELD_LABELS = frozenset(label for label, _ in FIELD_KEYS)
# The field words the model reads as signals of a text's field (``Evidence.signals``).
SIGNAL_LABELS = (RELEVANCE, WEAK_RELEVANCE, RIVALRY, PRIVACY, OTHER_FIELD, OTHER_SECTOR)
# A signal of each type with a cue in the lead (its score alone does not tell one cue there from
# three below); the relevance column does not read them (``train_types``).
LEAD_CUE = "lead cue:"


class EventCues(NamedTuple):
    # Every action cue labelled with its event type, in file order, then the other cues
    # labelled with the FIELD_LABELS: one scan of a text finds which literals of all of
    # them stand.
    cues: CueSet
    # Per type, the words that cancel its cue when they stand a little before it in its
    # sentence (the cue then reports something else: a demand, a proposal, a claim under
    # review), and how far they reach (characters).
    cancelled_by: dict[str, tuple[re.Pattern[str], int]]


@functools.cache
def event_cues(path: Path = EVENT_FILE) -> EventCues:
    """The cue file, read once."""
    data = read_yaml_file(path)
    cues = [
        (event_type, compile_cue(p))
        for event_type, lists in data["event_types"].items()
        for p in [*lists.get("en", []), *lists.get("zh", [])]
    ]
    if FIELD_LABELS & data["event_types"].keys():
        raise ValueError(f"{path}: an event type is named like {sorted(FIELD_LABELS)}")
    cues += [(label, compile_cue(p)) for label, key in FIELD_KEYS for p in data[key]]
    cancelled_by = {}
    for event_type, frame in data["cancelled_by"].items():
        words = any_cue_alternation([*frame["en"], *frame["zh"]])
        cancelled_by[event_type] = (re.compile(f"(?:{words})[^.;!?。；！？\n]{{0,{frame['reach']}}}\\Z", re.IGNORECASE),
                                    frame["reach"])
    return EventCues(CueSet(cues), cancelled_by)


def _cancelled(text: str, start: int, frame: re.Pattern[str], reach: int) -> bool:
    """Whether the cue at ``start`` follows words that make it report something else."""
    return frame.search(text, max(0, start - reach - 12), start) is not None  # (12: the frame word's own length)


def score_types(text: CueText, actions: list[tuple[str, Cue]], lead_end: int) -> tuple[Counter[str], set[str], set[str]]:
    """Each type's score, the types with a cue in the lead, and those only said of in the lead
    as to come or asked for ("moves to fine", 拟罚款): cancelled there, never stated."""
    scores: Counter[str] = Counter()
    led: set[str] = set()
    only_planned: set[str] = set()
    cancelled_by = event_cues().cancelled_by
    for event_type, cue in actions:
        # A cue's heaviest CUE_REPEATS hits, those in the lead first, are its first ones: the
        # lead comes first, so no more are looked for.
        if not (found := text.matches(cue, limit=CUE_REPEATS)):  # (most cues)
            continue
        frame = cancelled_by.get(event_type)
        in_lead = rest = 0
        for match in found:
            start = match.start()
            if frame is not None and _cancelled(text.text, start, *frame):
                if start < lead_end:
                    only_planned.add(event_type)
                continue
            if start < lead_end:
                in_lead += 1
            else:
                rest += 1
        if in_lead or rest:  # (an absent type stays out: ties keep the order types were first seen in)
            scores[event_type] += LEAD_WEIGHT * in_lead + rest
        if in_lead:
            led.add(event_type)
    return scores, led, only_planned - scores.keys()


def speaks_of(text: CueText, label: str, end: int | None = None) -> bool:
    """Whether one of the field cues labelled ``label`` occurs in the text (before ``end``),
    tried where their literals stand."""
    if (said := text.memo.get((label, end))) is None:  # (several readers ask of the same words)
        said = text.memo[label, end] = any(text.matches(cue, 0, end, limit=1) for cue in text.labelled(label))
    return said


def _signals(text: CueText, lead_end: int) -> tuple[list[str], list[str]]:
    """The field words the text has, and those its lead has (read once: the rules and the
    model use both)."""
    spoken = [label for label in SIGNAL_LABELS if speaks_of(text, label)]
    return spoken, [label for label in spoken if speaks_of(text, label, lead_end)]


def _field_words(text: CueText, mentions: list[dict], labels: tuple[str, ...], end: int | None = None) -> bool:
    """Whether a cue labelled with one of ``labels`` stands (before ``end``) outside the
    authorities' own names ("Competition and Markets Authority", 国家反垄断局)."""
    cues = [cue for label in labels for cue in text.labelled(label)]
    authorities = [(m["start"], m["end"]) for m in mentions if m["family"] == "authority"]
    if not authorities:  # (then the first match will do)
        return any(text.matches(cue, 0, end, limit=1) for cue in cues)
    return any(
        not any(start <= match.start() < stop for start, stop in authorities)
        for cue in cues for match in text.matches(cue, 0, end)
    )


def end_of_headline(text: str) -> int:
    """Where the headline ends: at the first line break (0 for a text without one)."""
    return max(0, text.find("\n"))


def _company_in_field_lead(mentions: list[dict], lead_end: int, text: CueText) -> bool:
    """Whether the headline or lead names a company and speaks of the field beyond rivalry
    ("air complaints about Big Tech at House antitrust field hearing"): a step the action cues
    do not know, not a company's business news."""
    return (any(m["family"] == "company" and m["start"] < lead_end for m in mentions)
            and _field_words(text, mentions, (RELEVANCE,), lead_end))


class Reading(NamedTuple):
    """What the rules read of a text that names a company or an authority, before the model has
    its say on whether it is in the field and on the types."""

    evidence: Evidence
    types: list[str]
    fines: list[dict]
    cue_text: CueText
    lead_end: int


class EventClassifier(BatchedComponent):
    def __init__(self, kb: KnowledgeBase, model: TypeModel | None) -> None:
        self.kb = kb
        self.model = model
        event_cues()  # compiled with the pipeline, not on its first doc
        # Where ``doc._.bodies`` and ``doc._.new_companies`` are kept (their components' modules
        # import this one: their extensions are registered by now, not when it is imported).
        self.bodies_key, self.new_companies_key = extension_key("bodies"), extension_key("new_companies")

    def _authority_in_field(self, mentions: list[dict], lead_end: int, strong_action: bool, text: CueText) -> bool:
        """A competition authority acting, unless on privacy (the FTC's privacy settlements) or,
        named only after the lead, in a text on another field; or a
        general one (a court, a ministry, the DOJ: they also handle crime, tax, privacy and
        trade) acting, with more than a passing cue, on a company the headline or lead names,
        in a text about none of those other fields. (A text with a competition word is in the
        field anyway.)"""
        remits = {self.kb.entities[m["entity_id"]].remit for m in mentions if m["family"] == "authority"}
        if "competition" in remits:
            # (one named only after the lead, in a text on another field, is background: a
            # customs penalty story that recalls an earlier CCI case)
            in_lead = any(m["family"] == "authority" and m["start"] < lead_end
                          and self.kb.entities[m["entity_id"]].remit == "competition" for m in mentions)
            return not speaks_of(text, PRIVACY) and (in_lead or not speaks_of(text, OTHER_FIELD))
        company_in_lead = any(m["family"] == "company" and m["start"] < lead_end for m in mentions)
        return (bool(remits) and company_in_lead and strong_action
                and not speaks_of(text, PRIVACY) and not speaks_of(text, OTHER_FIELD))

    def __call__(self, doc: Doc) -> Doc:
        return self.run_batch([doc])[0]

    def run_batch(self, docs: list[Doc]) -> list[Doc]:
        """Set each doc's event: the rules read each text, then the model all their evidence at
        once (numpy's cost per call, not per gram, is most of one text's): whether each text is
        in the field (where the model has learnt it; else the rules say) and its types."""
        # The rules read the batch a step at a time, each step over every text before the next:
        # its tables (the literal scan's automaton, the cues' patterns) then stay in the CPU's
        # caches from one text to the next, where a text read through evicted the others'.
        opened = [self._open(doc) for doc in docs]
        cue_set = event_cues().cues
        cue_texts = [CueText(found[1], cue_set) if found else None for found in opened]
        scored = [score_types(cue_text, [(label, cue) for label, cue in cue_text.live if label not in FIELD_LABELS], found[2])
                  if found else None for found, cue_text in zip(opened, cue_texts)]
        spoken = [_signals(cue_text, found[2]) if found else None for found, cue_text in zip(opened, cue_texts)]
        read = [self._read(doc, *found, cue_text, *scores, *signals) if found else None
                for doc, found, cue_text, scores, signals in zip(docs, opened, cue_texts, scored, spoken)]
        evidence = [reading.evidence for reading in read if reading is not None]
        learned = iter(self.model.event_types(evidence) if self.model and evidence else ())
        for doc, reading in zip(docs, read):
            types = next(learned) if reading is not None and self.model else None
            if reading is not None and self.model and self.model.judges_relevance:
                relevant = RELEVANT in types
            else:  # (the rules' types are the evidence's only where they found the text relevant)
                relevant = reading is not None and bool(reading.evidence.rule_types)
            if not relevant:
                doc.user_data[EVENT] = {"relevant": False, "event_types": [], "fines": [], "turnover_shares": [],
                                        "event_date": None, "jurisdictions": []}
                continue
            types = [t for t in types or () if t != RELEVANT] or reading.types or [UNNAMED_STEP]
            # The rules' order (lead cues first) where they agree: the first type is the event's kind.
            types = [t for t in reading.types if t in types] + [t for t in types if t not in reading.types]
            doc.user_data[EVENT] = self._event(doc, reading, types)
        return docs

    def _appellate_court_in_lead(self, mentions: list[dict], lead_end: int) -> bool:
        return any(m["family"] == "authority" and m["start"] < lead_end and self.kb.entities[m["entity_id"]].appellate
                   for m in mentions)

    def _competition_authority_at_work(self, mentions: list[dict], lead_end: int, text: CueText) -> bool:
        """A competition authority the headline or lead names, in a text that speaks of
        competition beyond the authorities' own names ("Competition and Markets Authority",
        反垄断局), or one the headline names with a company."""
        named = [m for m in mentions if m["family"] == "authority" and m["start"] < lead_end
                 and self.kb.entities[m["entity_id"]].remit == "competition"]
        if not named:
            return False
        # (or one that the headline has act on a company: "FCCPC threatens to have Google delete
        # loan apps", whatever the words; not its chief speaking where a company is also present)
        headline_end = end_of_headline(text.text)
        return _field_words(text, mentions, (RELEVANCE, RIVALRY)) or (
            0 < headline_end and any(m["start"] < headline_end for m in named)
            and any(m["family"] == "company" and m["start"] < headline_end for m in mentions))

    def _paired(self, types: list[str], scores: Counter[str], text: CueText, lead_end: int,
                mentions: list[dict]) -> list[str]:
        """The types reported, with those that come or go with others: a judgment on an appeal
        is an appeal too, a suit against a decision is its appeal, a fine under review is no new
        fine …"""
        def in_lead(label: str) -> bool:
            return speaks_of(text, label, lead_end)

        if "ruling" in types and "appeal" not in types and (
                (self._appellate_court_in_lead(mentions, lead_end) and not in_lead(FIRST_INSTANCE))
                or scores["appeal"] >= LEAD_WEIGHT):
            types.append("appeal")
        opening, complying = MADE_TO_COMPLY
        if opening in types and complying not in types and scores[complying]:
            types.append(complying)
        if ("appeal" in types and "ruling" in types and in_lead(APPEAL_BROUGHT)
                and not in_lead(APPEAL_DECIDED)):
            types.remove("ruling")  # the ruling appealed, not one on the appeal
        if "appeal" in types and "lawsuit_filed" in types:  # a suit against a decision is its appeal
            types.remove("lawsuit_filed")
        if "ruling" in types and "lawsuit_filed" in types and in_lead(CERTIFIED):
            types.remove("lawsuit_filed")  # a claim certified was filed before
        if "merger_review" in types and "investigation_opened" in types and in_lead(DEAL_PROBE):
            types.remove("investigation_opened")  # a probe into a deal is its review
        if "fine" in types and REVIEWS & set(types) and not in_lead(FINE_IMPOSED):
            types.remove("fine")
        if types and in_lead(CASELOAD):  # a year's record, not one decision
            return [UNNAMED_STEP]
        if "fine" in types and in_lead(FINE_TALLY):  # a year's fines, not one decision
            types[types.index("fine")] = UNNAMED_STEP
            types = list(dict.fromkeys(types))
        return types

    def _open(self, doc: Doc) -> tuple[list[dict], str, int] | None:
        """The mentions (a KB body's among the authorities), the text the cues read and where its
        lead ends, of a text that names a company or an authority (None for any other)."""
        values = doc.user_data  # what the earlier components set on ``doc._``
        # (a body the text names without its country, that the text's one country makes a KB
        # authority: "the Fair Trade Commission" in a Seoul story is the KFTC's)
        bodies = values.get(self.bodies_key) or ()
        mentions = values[MENTIONS] + [{"entity_id": body["id"], "family": "authority", "start": body["start"], "end": body["end"]}
                                       for body in bodies if "id" in body]
        text = matching_text(doc)
        lead_end = end_of_lead(doc)
        # Without a company or an authority nothing is relevant: the cues need not be read. One the
        # KB does not know counts too where the headline or lead names it (a page's footer names
        # "… Inc." too): a registered company, a body named by its build.
        if not ({m["family"] for m in mentions} & {"company", "authority"}
                or any(found["start"] < lead_end for found in [*(values.get(self.new_companies_key) or ()), *bodies])):
            return None
        return mentions, text, lead_end

    def _read(self, doc: Doc, mentions: list[dict], text: str, lead_end: int, cue_text: CueText,
              scores: Counter[str], led: set[str], only_planned: set[str], spoken: list[str], in_lead: list[str]) -> Reading:
        """What the rules read of a text that names a company or an authority, from what
        ``_open`` found, the action cues' scores (``score_types``) and the field words it has
        (``_signals``); the evidence the type model reads is also left on the doc."""
        values = doc.user_data
        fines = distinct_fines(values.get(MONEY) or [], values.get(PUBLISHED))
        if "fine" in only_planned:  # (the fine the lead says is proposed or sought is not imposed)
            planned = [m for m in values.get(MONEY) or () if m["start"] < lead_end]
            fines = [fine for fine in fines if not any(same_fine(fine, m) for m in planned)]
        if fines:
            scores["fine"] += 1
        top = max(scores.values(), default=0)
        types = self._paired([t for t, s in scores.most_common() if s >= max(MIN_SCORE, RELATIVE_FLOOR * top)
                              or (t in SECONDARY and s >= LEAD_WEIGHT)], scores, cue_text, lead_end, mentions)
        if not types and top:  # a single cue still says what kind of action it is
            types = [scores.most_common(1)[0][0]]
        at_work = self._competition_authority_at_work(mentions, lead_end, cue_text)
        if not types and (at_work or _company_in_field_lead(mentions, lead_end, cue_text)):
            types = [UNNAMED_STEP]
        authority_in_field = self._authority_in_field(mentions, lead_end, top >= MIN_SCORE, cue_text)
        relevant = bool(types) and not speaks_of(cue_text, INVESTOR_SUIT, lead_end) and (
            authority_in_field or RELEVANCE in spoken or RIVALRY in spoken
            or (WEAK_RELEVANCE in spoken and PRIVACY not in spoken and OTHER_FIELD not in spoken)
            # (a privacy word in the body is a side remark: "would weaken privacy protections")
            or (types[0] in SELF_STANDING and top >= MIN_SCORE and PRIVACY not in in_lead)
        )
        signals = [*spoken, *(f"{label} in lead" for label in in_lead),
                   *(["authority in field"] if authority_in_field else []),
                   *(["competition authority at work"] if at_work else []),
                   *(f"{family} in lead" for family in ("company", "authority")
                     if any(m["family"] == family and m["start"] < lead_end for m in mentions)),
                   *(["rules relevant"] if relevant else []),
                   *(f"{LEAD_CUE}{t}" for t in sorted(led))]
        evidence = values[TYPE_EVIDENCE] = Evidence(
            text[:lead_end], dict(scores), tuple(types) if relevant else (), bool(fines),
            tuple(sorted({m["family"] for m in mentions})),
            tuple(sorted({self.kb.entities[m["entity_id"]].remit or "" for m in mentions if m["family"] == "authority"})),
            tuple(signals))
        return Reading(evidence, types, fines, cue_text, lead_end)

    def _event(self, doc: Doc, reading: Reading, types: list[str]) -> dict:
        values = doc.user_data
        return {
            "relevant": True,
            "event_types": types,
            "fines": reading.fines,
            "turnover_shares": values.get(TURNOVER_SHARES),
            "event_date": event_date(values.get(DATES), values.get(PUBLISHED), reading.cue_text, doc, types),
            "jurisdictions": jurisdictions(values[MENTIONS], self.kb, reading.lead_end, HOME_JURISDICTIONS.get(doc.lang_),
                                           values.get(self.bodies_key) or (),
                                           end_of_headline(reading.cue_text.text) if types[0] == "interoperability_opening" else 0),
        }


@Language.factory("gatewatch_event")
def make_event(nlp: Language, name: str) -> EventClassifier:
    return EventClassifier(load_kb(), load_type_model())
