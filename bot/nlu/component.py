"""Rasa NLU component: adds the constraint entities of bot.nlu.constraints to every message.

Rule-based and not trained, so the values are normalised exactly as the action server reads them.
Loaded by the Rasa server (py3.10): imports only Rasa and spaCy, never torch.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import constraints


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DutchConstraintExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DutchConstraintExtractor":
        constraints.nlp()  # load spaCy and the gazetteer once, at model load, not on the first message
        return cls(config)

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self.config = config or {}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            entities = [{"entity": f.entity, "value": f.value, "start": f.start, "end": f.end,
                         "confidence_entity": 1.0} for f in constraints.parse(text)]
            entities = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
