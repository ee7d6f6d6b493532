"""Rasa NLU component: the Dutch facts of intake.parse as entities, and the intent corrected where the
words are unambiguous.

Rule-based and not trained, so the values are normalised exactly as the action server reads them.
Intent corrections (intake.cues): an escape ('kan ik met iemand praten?', 'vergeet mij') is always that
escape; an English message is `english`; a question about the shown list ('welke is het goedkoopst?') is
`ask_programme`; and a message that states a learning goal or facts is never swallowed as chitchat,
out-of-scope or not-understood: it becomes `inform`.
Loaded by the Rasa server (py3.10): imports only Rasa, spaCy and intake, never torch.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import memory, privacy
from index import geo
from intake import parse, understand
from intake.intents import corrected_intent

privacy.install()  # no user text in the Rasa server's logs, also when `rasa test nlu` loads only the NLU


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DutchConstraintExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DutchConstraintExtractor":
        # spaCy and the town gazetteer once, at model load, not on the first message (the gazetteer took 2.7 s
        # there, and the world city list it parses stayed in memory: Rasa grew ~55 MB at its first turn)
        parse.nlp()
        geo.gazetteer()
        memory.give_back()  # the last NLU component: what loading them freed goes back to the OS
        return cls(config)

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self.config = config or {}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            facts = parse.parse(understand.clean(text))
            entities = [{"entity": f.entity, "value": f.value, "start": f.start, "end": f.end,
                         "confidence_entity": 1.0} for f in facts]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
            if not self.config.get("correct_intents", True):
                continue  # measuring the classifier alone (cross-validation against the earlier figure)
            classified = message.get(INTENT) or {}
            intent = classified.get("name")
            better = corrected_intent(text, intent, facts, classified.get("confidence") or 0.0)
            if better and better != intent:
                message.set(INTENT, {"name": better, "confidence": 1.0}, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != better]
                message.set(INTENT_RANKING_KEY, [{"name": better, "confidence": 1.0}] + ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
