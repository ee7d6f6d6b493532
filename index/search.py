"""Hybrid search and recommendation: e5 dense retrieval + BM25 over lemmas, fused by reciprocal rank,
then constraint fit, a mix of types, and plain-Dutch reasons. Produces the recommendation payload that
the dialogue, the CLI and the tests share.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index import availability
from index import fit as fitting
from index import paths
from index.goal_topics import GENERAL as GENERAL_TOPICS, GoalTopics
from index.lexical import BM25
from index.query_adapter import QueryAdapter
from index.rerank import CANDIDATES as RERANKED, Reranker, features as rerank_features
from index.steps import INTO_A_PROGRAMME, wants_enrolment
from index.topics import TopicMatcher
from intake.contract import PROFILE_FIELDS, SECTORS, normalise_profile  # noqa: F401 (PROFILE_FIELDS: re-exported)

log = logging.getLogger(__name__)

PAYLOAD_FIT_KEYS = ("time", "budget", "travel", "delivery", "region", "audience", "admission")
TOPIC_WEIGHT = 0.35  # the topic list counts less than dense and BM25: it is coarse (many entries share a topic);
                    # 0.35 and 30 are the best of the settings measured with `leerwijzer eval` (README)
# The dense list's weight in the fusion when the learned query map turns the query: the map was learned from
# what counsellors wanted, so its list is worth more than the words' (BM25) and the topic list's. Author-held-out
# (420 train profiles; goal model + map, no reranker; `bench.rerank_cv`'s folds), wanted in the top 3:
# weight 1: 63.3 %, 1.5: 64.3 %, 2: 66.0 %; with the soft gate below (floor 0): 1: 65.5 %, 1.5: 66.2 %,
# 2: 67.9 %, 3: 68.3 %, 4 and 6: 68.8 %. 2 kept: from 3 on, the 192 scripted conversations lose the goal's
# topic from the top 3 (`bench.conversations`: 96.5 % at 1.5 and 2, 95.1 % at 3), BM25 and the topic list must
# keep a say for goals that name their topic.
DENSE_WEIGHT = 2.0
# Soft topic gate: the topics of the query map's first match count as the goal's too (an entry sharing one is
# on topic, and its reason names it) when the goal model gives them at least this probability, so that both
# learned parts agree. Same measure, weight 3: floor 0: 68.3 %, 0.1: 68.8 %, 0.3: 69.1 %, 0.5: 68.3 %; weight
# 2, floor 0.3: 67.6 % (66.0 % without the gate). Also
# tried: topics the goal model finds likely beyond what GoalTopics.predict names (p >= 0.8): no change; topics
# shared by two of the map's first three: 64.0 % (weight 1, against 65.5 % for the first match's).
MAP_TOPIC_FLOOR = 0.3
TOPIC_LIST = 30  # topic-tagged entries taken into the fusion
# How far the reranker moves retrieval's score (x 0.875-1.125). Measured on the train profiles: 0 gives a
# wanted entry in the top 3 for 56.7 %, 0.25 for 59.2 %, 0.4 for 61.7 % and 1 for 66.2 %. From 0.4 on, the
# kleuter teacher in Hasselt (issue 18) loses the master from her top 3: what the reranker learned from 240
# profiles judged on one day must not overrule that.
RERANK_WEIGHT = 0.25
NAMED_BY_WORDS = 3  # the best lexical matches count as on the goal's topic: the goal names them
RRF_K = 60          # the usual reciprocal-rank-fusion constant: dampens the weight of the very top ranks
CANDIDATES = 200    # per retriever; the catalogue is small, and this keeps 100k-entry queries cheap
SAME_TYPE_MAX = 2   # in the top results, when other types fit too
NEAR_DUPLICATE = 0.97
# Availability (knowledge `status`): what may be recommended as something to enrol in or use, and what may
# only be mentioned once, marked, as "also in development". `ended` is neither.
ENROLABLE = ("offered", "pilot")
IN_DEVELOPMENT = ("planned", "idea")
# Data this many years older than today (the 2015 report, asked in 2026) ranks below a current entry that fits
# as well: its relevance is kept at STALE_KEEP. Measured with `leerwijzer eval` (README).
STALE_YEARS = 5
STALE_KEEP = 0.9
OTHER_REGION_MAX = 2  # on-topic offers of the other system shown when the teacher's own has none
QUERY_CACHE = 1024  # queries whose embedding and lemmas are kept in memory
SECTOR_WORDS = {**SECTORS, "lerarenopleiding": "lerarenopleiding"}
TYPE_WORDS = {"course": "cursus", "post_initial": "post-initiële opleiding", "bridging": "schakelroute",
              "master": "master", "plg_format": "professionele leergemeenschap", "school_format":
              "werkvorm in de school", "network": "netwerk", "project": "project", "resource": "hulpmiddel"}


@lru_cache(maxsize=QUERY_CACHE)
def query_lemmas(text: str) -> tuple[str, ...]:
    """The query's lemmas, for BM25 and for naming matched topics in the reasons."""
    from index.text import lemmas

    return tuple(lemmas(text))


@dataclass
class Candidate:
    index: int
    dense_rank: int | None
    lexical_rank: int | None
    fused: float
    score: float | None = None  # what orders it: `fused`, nudged by the reranker when the index has one

    def __post_init__(self):
        if self.score is None:
            self.score = self.fused


class Recommender:
    def __init__(self, entries, topics, faiss_index, bm25, model, goal_model: GoalTopics | None = None,
                 reranker: Reranker | None = None, adapter: QueryAdapter | None = None):
        self.entries, self.topics = entries, topics
        self.goal_model, self.reranker, self.adapter = goal_model, reranker, adapter
        self.faiss_index, self.bm25, self.model = faiss_index, bm25, model
        self.by_id = {e["id"]: i for i, e in enumerate(entries)}
        self._query_cache: dict[str, np.ndarray] = {}
        self._topic_cache: dict[str, set[str]] = {}
        self.topic_matcher = TopicMatcher(topics)
        self.families = project_families(entries)
        self.build_dir, self.meta, self.stamp = None, None, None  # set by load()

    @classmethod
    def load(cls, build_dir=None, model=None, build_if_needed: bool = True) -> "Recommender":
        import faiss

        from index.build import build_index, current_meta
        from index.sentence_encoder import serving_model

        build_dir = build_dir or paths.BUILD_DIR
        model = model or serving_model()  # onnxruntime, not torch: the action server serves with this
        if build_if_needed and build_dir == paths.BUILD_DIR:
            result = build_index(progress=False, model=model)
            if not result.ok:
                log.warning("knowledge invalid, serving the last good index: %s", result.message.splitlines()[0])
        if current_meta(build_dir) is None:
            raise RuntimeError(f"No search index in {build_dir}: run `leerwijzer index build`.")
        stamp = paths.built_stamp(build_dir)  # before reading: a build in between is then seen as newer
        entries = json.loads((build_dir / "entries.json").read_text())
        topics = json.loads((build_dir / "topics.json").read_text())
        meta = current_meta(build_dir)
        recommender = cls(entries, topics, faiss.read_index(str(build_dir / "vectors.faiss")), BM25.load(build_dir),
                          model, GoalTopics.load(build_dir, topics), Reranker.load(build_dir),
                          QueryAdapter.load(build_dir))
        recommender.build_dir, recommender.meta = build_dir, meta  # what it serves, to see a newer build
        recommender.stamp = stamp
        return recommender

    def rebuilt(self) -> bool:
        """Whether the index it was loaded from has been rebuilt since (`leerwijzer index build` after a
        knowledge change): a newer index is in place."""
        from index.build import current_meta

        if self.build_dir is None:
            return False
        stamp = paths.built_stamp(self.build_dir)
        if stamp == self.stamp:
            return False  # asked at every recommendation: a stat, meta.json is only read once it changed
        meta = current_meta(self.build_dir)
        if meta == self.meta:
            self.stamp = stamp
        return meta is not None and meta != self.meta

    # --- retrieval ---------------------------------------------------------------------------------
    def query_text(self, profile: dict) -> str:
        parts = [profile.get("ambition") or "professionalisering"]
        if profile.get("sector"):
            parts.append(SECTOR_WORDS.get(profile["sector"], profile["sector"]))
        return ". ".join(parts)

    def query_vector(self, text: str) -> np.ndarray:
        """The e5 query embedding; cached, since follow-ups ("en als ik 6 uur heb?") reuse the ambition."""
        vector = self._query_cache.get(text)
        if vector is None:
            vector = self.model.encode([text], prompt_name="query", normalize_embeddings=True,
                                       convert_to_numpy=True).astype("float32")
            if len(self._query_cache) >= QUERY_CACHE:
                self._query_cache.pop(next(iter(self._query_cache)))
            self._query_cache[text] = vector
        return vector

    def remember(self, vectors: dict[str, np.ndarray]) -> None:
        """Query vectors encoded elsewhere in a batch (the index build's held-out evaluation)."""
        for text, vector in vectors.items():
            self._query_cache[text] = np.asarray(vector, dtype="float32").reshape(1, -1)

    def goal_topics(self, ambition: str | None) -> tuple[str, ...]:
        """The topics the goal is about, most likely first: learned (index/goal_topics.py) when the index has
        the model, else the vocabulary's word matches."""
        if not (ambition or "").strip():
            return ()
        if self.goal_model is None:
            return self.topic_matcher.topics_in(ambition)
        return self.goal_model.predict(ambition, self.query_vector(ambition)[0])

    def gate_topics(self, ambition: str | None, dense_ids: list[int] | None = None) -> tuple[str, ...]:
        """The topics an entry may share to count as on the goal's topic: the goal's topics (GoalTopics.predict),
        then those of the query map's first match. When the goal model misreads a situation ("de kleintjes in
        groep 1 en 2" as coaching), the map's first match is often what was wanted (index/query_adapter.py)."""
        chosen = list(self.goal_topics(ambition))
        if chosen and self.adapter is not None and dense_ids:
            probs = self.goal_model.probabilities(ambition, self.query_vector(ambition)[0]) if self.goal_model else {}
            chosen += [k for k in self.entries[dense_ids[0]].get("topics") or []
                       if k not in GENERAL_TOPICS and k not in chosen and probs.get(k, 1.0) >= MAP_TOPIC_FLOOR]
        return tuple(chosen)

    def dense(self, text: str, k: int) -> tuple[list[int], np.ndarray]:
        """The entries nearest the query, by the adapted vector when the index has the learned query map
        (index/query_adapter.py): a goal told as a situation lands near what was wanted for goals like it."""
        vector = self.query_vector(text)
        if self.adapter is not None:
            vector = self.adapter.adapt(vector)
        scores, ids = self.faiss_index.search(vector, min(k, len(self.entries)))
        keep = ids[0] >= 0
        return ids[0][keep].tolist(), vector[0]

    def lexical(self, text: str, k: int) -> list[int]:
        return self.bm25.top(list(query_lemmas(text)), k)

    def topic_ranked(self, text: str, dense_ids: list[int]) -> list[int]:
        """Entries tagged with a topic the query is about, most matched topics first, then by dense rank:
        the controlled vocabulary as a third retriever (it knows "rekenles" is about "rekenen")."""
        wanted = set(self.goal_topics(text))
        if not wanted:
            return []
        order = {i: r for r, i in enumerate(dense_ids)}
        tagged = [i for i, e in enumerate(self.entries) if wanted & set(e.get("topics") or [])]
        return sorted(tagged, key=lambda i: (-len(wanted & set(self.entries[i]["topics"])), order.get(i, len(order))))

    def retrieve(self, profile: dict, mode: str = "hybrid", k: int = CANDIDATES) -> list[Candidate]:
        """mode: 'hybrid' (the product: dense + BM25 + topic vocabulary), 'dense' or 'lexical' (the baselines)."""
        text = self.query_text(profile)
        dense_ids = self.dense(text, k)[0] if mode in ("hybrid", "dense", "fusion") else []
        lexical_ids = self.lexical(text, k) if mode in ("hybrid", "lexical", "fusion") else []
        topic_ids = self.topic_ranked(profile.get("ambition") or "", dense_ids)[:TOPIC_LIST] if mode == "hybrid" else []
        ranks: dict[int, list] = {}
        for list_no, ids in enumerate((dense_ids, lexical_ids, topic_ids)):
            for rank, i in enumerate(ids):
                ranks.setdefault(i, [None, None, None])[list_no] = rank
        weights = (DENSE_WEIGHT if self.adapter is not None else 1.0, 1.0, TOPIC_WEIGHT)
        candidates = [Candidate(i, d, l, sum(w / (RRF_K + r + 1) for w, r in zip(weights, (d, l, t)) if r is not None))
                      for i, (d, l, t) in ranks.items()]
        for c in candidates:
            c.score = c.fused
        return sorted(candidates, key=lambda c: -c.fused)

    # --- recommendation ----------------------------------------------------------------------------
    def recommend(self, raw_profile: dict, top: int = 5, mode: str = "hybrid") -> dict:
        """Topic first, then fit. Only enrol-able entries (`ENROLABLE`) are recommended; when the ambition
        names topics of the vocabulary, a recommendation shares one of them. When nothing enrol-able in the
        teacher's region does, the payload says so (`topic_gap`) and holds the nearest options of the region
        (`match: nearest`) and the other region's on-topic offer apart (`other_region`). A planned or idea entry
        that matches the ambition better than every recommendation is named once, apart
        (`also_in_development`)."""
        profile = normalise_profile(raw_profile)
        candidates = self.retrieve(profile, mode)
        fits = {c.index: fitting.fit_entry(self.entries[c.index], profile) for c in candidates}
        goal_topics = self.goal_topics(profile.get("ambition"))
        dense_ids = [c.index for c in sorted((c for c in candidates if c.dense_rank is not None),
                                             key=lambda c: c.dense_rank)]
        gate = self.gate_topics(profile.get("ambition"), dense_ids)
        asked = set(gate)
        today = availability.today()
        if mode == "hybrid":
            self._rerank(profile, candidates, fits, today)
        enrolment_first = wants_enrolment(profile)

        def status(c):  # a one-off that is over, or a plan that is history, is no longer on offer
            entry = self.entries[c.index]
            return entry.get("status", "offered") if availability.recommendable(entry, today) else "past"

        def on_topic(c):  # shares a goal topic, or is what the goal names by its words ("de open lessen")
            return (not asked or bool(asked & set(self.entries[c.index].get("topics") or []))
                    or (c.lexical_rank is not None and c.lexical_rank < NAMED_BY_WORDS))

        def in_region(c):
            return fits[c.index].values.get("region") != fitting.CONFLICT

        def order(cands):  # a known conflict never ranks above a fitting alternative
            return sorted(cands, key=lambda c: self._rank_key(c, fits[c.index], today, enrolment_first))

        enrolable = [c for c in candidates if status(c) in ENROLABLE]
        matching = [c for c in enrolable if on_topic(c)]
        main = goal_topics[0] if goal_topics else None
        about_main = [c for c in enrolable if main in (self.entries[c.index].get("topics") or [])]
        payload: dict = {}
        other_region: list[Candidate] = []
        if main and not any(in_region(c) for c in about_main):
            # Nothing in the teacher's own system is about the main thing they asked: say so, show the nearest
            # options of their system (also those on the goal's other topics), and the other system's offer on
            # the topic, each labelled.
            payload["topic_gap"] = {"topics": [main], "region": profile.get("region"),
                                    "labels": [self.topics.get(main, {}).get("label", main)]}
            chosen = self._mix(order(c for c in enrolable if in_region(c)), fits, top)
            match = {c.index: "nearest" for c in chosen}
            other_region = self._mix(order(c for c in about_main if not in_region(c)), fits, OTHER_REGION_MAX,
                                     ignore=("region",))
        else:
            # On-topic first (fitting, then blocked), then the nearest other options to fill the list; within
            # each, the reranker's order when the index has one.
            on = order(matching)
            off = order(c for c in enrolable if not on_topic(c))
            ranked = ([c for c in on if not fits[c.index].blocking] + [c for c in off if not fits[c.index].blocking]
                      + [c for c in on if fits[c.index].blocking] + [c for c in off if fits[c.index].blocking])
            chosen = self._mix(ranked, fits, top, keep_order=True)
            match = {c.index: ("topic" if asked and on_topic(c) else "nearest" if asked else "text") for c in chosen}
        words = set(query_lemmas(self.query_text(profile)))  # lemmatised once, shared with BM25
        if "topic_gap" in payload:  # nothing shown is about the goal's main topic: no reason may say it is
            gate = goal_topics
        items = [self._item(self.entries[c.index], c, fits[c.index], profile, words, match=match[c.index],
                            asked=gate) for c in chosen]
        payload = {"recommendations": items, "profile": profile, "goal_topics": list(goal_topics), **payload}
        # "nothing fits" also when what is shown only fits in part (another audience, a missed wish), and
        # when the on-topic offer exists but none of it fits (the rest shown is only near the topic)
        on_topic_fitting = [c for c in chosen if match[c.index] != "nearest" and not fits[c.index].blocking
                            and not fits[c.index].partial]
        if items and (all(fits[c.index].blocking or fits[c.index].partial for c in chosen)
                      or (asked and "topic_gap" not in payload and not on_topic_fitting)):
            payload["nothing_fits"] = True
            blocked = [c for c in matching if in_region(c)] if asked and "topic_gap" not in payload else chosen
            payload["relax"] = _most_common_conflicts(fits[c.index] for c in blocked[: top * 2])
        if other_region:
            payload["other_region"] = [self._item(self.entries[c.index], c, fits[c.index], profile, words,
                                                  match="other_region") for c in other_region]
        developing = self._in_development([c for c in candidates if status(c) != "past"], fits, on_topic,
                                          chosen, match)
        if developing is not None:
            item = self._item(self.entries[developing.index], developing, fits[developing.index], profile, words,
                              match="topic" if asked else "text", asked=gate)
            item["in_development"] = True
            payload["also_in_development"] = [item]
        return payload

    def _rerank(self, profile: dict, candidates: list[Candidate], fits: dict, today) -> bool:
        """Order the best-retrieved candidates by the learned reranker (index/rerank.py); the rest stay below
        them in retrieval order. False when the index has no reranker."""
        if self.reranker is None or self.goal_model is None:
            return False
        ambition = profile.get("ambition") or ""
        probs = self.goal_model.probabilities(ambition, self.query_vector(ambition)[0]) if ambition.strip() else {}
        words = set(self.topic_matcher.topics_in(ambition))
        for n, c in enumerate(candidates):
            if n < RERANKED:
                x = rerank_features(self.entries[c.index], profile, c.dense_rank, c.lexical_rank, c.fused, probs, words,
                                    fits[c.index], today)
                probability = 1.0 / (1.0 + float(np.exp(-self.reranker.score(x))))
                # a nudge on retrieval, not a replacement: the reranker learned from 240 profiles judged on one
                # day, and the rules after it (what can be joined today, enrolment first, current before
                # 2015) must keep their say
                c.score = c.fused * (1.0 + RERANK_WEIGHT * (probability - 0.5))
            else:
                c.score = c.fused * (1.0 - RERANK_WEIGHT * 0.5)
        return True

    def _rank_key(self, cand: Candidate, fit: fitting.Fit, today, enrolment_first: bool) -> tuple:
        """Nothing blocked above anything blocked; within that, for someone asking for a programme, what leads
        into one first (enrolling, or asking at an info session or for trajectadvies: the labels put those
        first for "kan ik eerst proeven?"; an ended pilot is no way in); then relevance, lowered per partial
        conflict and for data years old."""
        entry = self.entries[cand.index]
        blocked, score = fit.rank_key(cand.score)
        age = availability.data_years_ago(entry, today)
        if age is not None and age > STALE_YEARS:
            score *= STALE_KEEP
        # a pilot that ended leads into nothing any more, whatever its step says ("navragen bij ..."): for someone
        # asking for a programme it came first and read as an invitation (dev2, a15-049). Ranking every ended pilot
        # lower as well was measured: one more wanted entry in the top 3 of 180 dev conversations, one fewer of the
        # 108 labelled profiles (`leerwijzer eval`); not kept. For them it comes after what is still open, though
        # (a kleuterjuf after a degree had an ended pilot above an open on-topic format once dev5 was learned).
        if not enrolment_first:
            return blocked, 0, score
        ended = availability.state(entry, today) == "ended_pilot"
        return blocked, 2 if ended else int(entry.get("step") not in INTO_A_PROGRAMME), score

    def _in_development(self, candidates, fits, on_topic, chosen, match) -> Candidate | None:
        """The one planned/idea entry worth naming: on the topic, without a blocking conflict, and closer to
        the ambition (fused retrieval score) than every recommendation on the topic."""
        best_shown = max((c.fused for c in chosen if match[c.index] != "nearest"), default=0.0)
        for cand in candidates:  # best retrieval score first
            if cand.fused <= best_shown:
                return None
            entry = self.entries[cand.index]
            if entry.get("status") in IN_DEVELOPMENT and on_topic(cand) and not fits[cand.index].blocking:
                return cand
        return None

    def _mix(self, ordered: list[Candidate], fits: dict, top: int, keep_order: bool = False,
             ignore: tuple = ()) -> list[Candidate]:
        """Best first, but no five near-duplicates: at most SAME_TYPE_MAX of a type while other fitting
        types are available, never two entries about the same real thing (a project and its deliverables,
        `same_thing`), and no entry that is nearly the same text as one already chosen. `ignore`: conflicts
        that do not count as blocking here (the region, for the other region's offer)."""
        def blocking(c):
            return [k for k in fits[c.index].blocking if k not in ignore]

        fitting_types = {self.entries[c.index]["type"] for c in ordered[: top * 4] if not blocking(c)}
        chosen: list[Candidate] = []
        held_back: list[Candidate] = []
        for cand in ordered:
            if len(chosen) == top:
                break
            if any(self.same_thing(cand.index, c.index) for c in chosen):  # one card per real thing
                continue
            kind = self.entries[cand.index]["type"]
            same = sum(1 for c in chosen if self.entries[c.index]["type"] == kind)
            if len(fitting_types) > 1 and same >= SAME_TYPE_MAX and not blocking(cand):
                held_back.append(cand)
                continue
            if self._near_duplicate(cand, chosen):
                continue
            chosen.append(cand)
        for cand in held_back:  # fill up if the mix rule left places empty
            if len(chosen) == top:
                break
            if not any(self.same_thing(cand.index, c.index) for c in chosen):
                chosen.append(cand)
        position = {c.index: n for n, c in enumerate(ordered)}
        if keep_order:  # the caller's order (topic first, then fit)
            return sorted(chosen, key=lambda c: position[c.index])
        # keep the fit-first order after filling
        return sorted(chosen, key=lambda c: (bool(blocking(c)), fits[c.index].rank_key(c.score)[1]))

    def same_thing(self, a: int, b: int) -> bool:
        """Two entries about one real-world thing: one is a project and the other is `related` to it (its
        deliverable or trajectory), or both are related to the same project. Other `related` links (a master
        and its bridging route, a register and its programmes) join different things one may weigh."""
        return bool(self.families[a] & self.families[b])

    def _near_duplicate(self, cand: Candidate, chosen: list[Candidate]) -> bool:
        if not chosen:
            return False
        vec = self.faiss_index.reconstruct(cand.index) if hasattr(self.faiss_index, "reconstruct") else None
        if vec is None:
            return False
        return any(float(vec @ self.faiss_index.reconstruct(c.index)) > NEAR_DUPLICATE for c in chosen)

    def _topic_lemmas(self, key: str) -> set[str]:
        """The lemmas of a topic's label and terms, worked out once per topic."""
        if key not in self._topic_cache:
            from index.text import lemmas

            topic = self.topics.get(key, {})
            self._topic_cache[key] = set(lemmas(" ".join(topic.get("terms", []) + [topic.get("label", key)])))
        return self._topic_cache[key]

    def _item(self, entry: dict, cand: Candidate, fit: fitting.Fit, profile: dict, query_lemmas: set,
              match: str = "text", asked: tuple | None = None) -> dict:
        fit_values = {key: fit.values.get(key, fitting.UNKNOWN) for key in PAYLOAD_FIT_KEYS}
        item = {
            "id": entry["id"],
            "title": entry["title"],
            "type": entry["type"],
            "provider": entry.get("provider"),
            "region": entry.get("region"),
            "score": round(cand.fused, 5),
            "reasons": self._reasons(entry, fit, profile, query_lemmas, asked),
            "fit": fit_values,
            "does_not_fit": [fit.notes.get(k, k) for k in fit.conflicts],
            "unknown": [fit.notes[k] for k in ("time", "budget", "travel", "delivery")
                        if fit_values[k] == fitting.UNKNOWN and k in fit.notes],
            "sources": [{"file": s["file"], "lines": s["lines"]} for s in entry.get("sources", [])],
            "data_year": entry.get("data_year"),
            "status": entry.get("status"),
            "now": availability.state(entry),
            "step": entry.get("step"),
            "step_note": entry.get("step_note"),
            "match": match,
            "summary": entry.get("summary"),
        }
        last = availability.last_moment(entry)
        if last:
            item["last_start"] = last[0].isoformat()
        if entry.get("ask_at"):
            item["ask_at"] = entry["ask_at"]
        if "pace" in fit.notes:  # "bij 10 uur per week duurt het ongeveer 3,5 tot 4,5 jaar; gespreid ... kan"
            item["pace"] = fit.notes["pace"]
        if fit.bridging and fit.bridging in self.by_id:
            route = self.entries[self.by_id[fit.bridging]]
            item["bridging"] = {"id": route["id"], "title": route["title"]}
        return item

    def _reasons(self, entry: dict, fit: fitting.Fit, profile: dict, query_lemmas: set,
                 gate: tuple | None = None) -> list[str]:
        """1-3 reasons that name what in the profile this matches. `gate`: the topics that made entries count
        as on the goal's topic (Recommender.gate_topics); the goal's own topics when not given."""
        reasons = []
        asked = set(self.goal_topics(profile.get("ambition")) if gate is None else gate)
        # a goal that names topics of the vocabulary is matched on those alone: a shared everyday word
        # ("leren", "klas") would otherwise claim "ICT" fits a question about giftedness
        matched = [self.topics.get(key, {}).get("label", key) for key in entry.get("topics", [])
                   if (key in asked if asked else self._topic_lemmas(key) & query_lemmas)]
        if matched:
            reasons.append(f"Sluit aan bij je ambitie: {', '.join(matched[:3])}.")
        elif profile.get("ambition"):
            # no generic "close to what you said": name what it is about, and that it is not the goal's topic
            own = [self.topics.get(k, {}).get("label", k) for k in entry.get("topics", [])][:2]
            goal = [self.topics.get(k, {}).get("label", k) for k in self.goal_topics(profile.get("ambition"))][:1]
            if goal:
                reasons.append(f"Niet precies over {goal[0]}; het gaat over {' en '.join(own)}.")
            else:
                reasons.append(f"Gaat over {' en '.join(own)}.")
        sectors = set((entry.get("audience") or {}).get("sectors") or [])
        if profile.get("sector") and profile["sector"] in sectors:
            reasons.append(f"Bedoeld voor wie werkt in het {SECTOR_WORDS.get(profile['sector'], profile['sector'])}.")
        elif profile.get("region") and entry.get("region") == profile["region"]:
            reasons.append("Aanbod binnen jouw onderwijssysteem ("
                           + ("Vlaanderen" if profile["region"] == "VL" else "Nederland") + ").")
        if fit.bridging and fit.bridging in self.by_id:
            route = self.entries[self.by_id[fit.bridging]]["title"]
            reasons.append(f"Je diploma geeft nog geen toegang: je start via {route}.")
        for key in ("time", "travel", "budget", "delivery"):
            if fit.values.get(key) == fitting.OK and profile_has(profile, key) and key in fit.notes:
                reasons.append(fit.notes["pace"] if key == "time" and "pace" in fit.notes else fit.notes[key])
                break
        return reasons[:3]


def project_families(entries: list[dict]) -> list[set[str]]:
    """Per entry, the projects it belongs to: a `project` entry belongs to itself, an entry `related` to a
    project (either way) to that project. Old ids (`aliases`) resolve to the entry that holds them."""
    owner = {alias: e["id"] for e in entries for alias in (e.get("aliases") or [])}
    owner.update({e["id"]: e["id"] for e in entries})
    by_id = {e["id"]: e for e in entries}
    linked: dict[str, set[str]] = {e["id"]: set() for e in entries}
    for e in entries:
        for other in e.get("related") or []:
            other = owner.get(other)
            if other in linked:
                linked[e["id"]].add(other)
                linked[other].add(e["id"])
    families = []
    for e in entries:
        own = {e["id"]} if e.get("type") == "project" else set()
        families.append(own | {o for o in linked[e["id"]] if by_id[o].get("type") == "project"})
    return families


def profile_has(profile: dict, constraint: str) -> bool:
    field = {"time": "hours_per_week", "budget": "budget_eur", "travel": "max_travel_minutes",
             "delivery": "delivery"}[constraint]
    return profile.get(field) is not None


def _most_common_conflicts(fits) -> list[str]:
    counts: dict[str, int] = {}
    for fit in fits:
        for key in fit.conflicts:
            counts[key] = counts.get(key, 0) + 1
    return [k for k, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
