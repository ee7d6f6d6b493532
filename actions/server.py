"""The action server: rasa_sdk's own app, closed to everyone but the Rasa server.

`python -m rasa_sdk` binds to 0.0.0.0 and runs any action for anyone who can reach the port (including
`action_forget_me` for another teacher's conversation). This entry point binds to loopback
(LEERWIJZER_ACTION_HOST, default 127.0.0.1) and, when LEERWIJZER_ACTION_SECRET is set, answers /webhook
only to requests that carry it in the X-Leerwijzer-Secret header (Rasa sends it: endpoints.yml `headers`).
Beyond loopback the secret is required: without it the server refuses to start (it would run any action,
`action_forget_me` included, for anyone on the network).
/health stays open and says nothing but "ok", for the supervisor (bot/stack.py).

    python -m actions.server --port 5055
"""
from __future__ import annotations

import argparse
import hmac
import logging
import sys

from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response

import settings
from bot.identity import is_loopback
from index import embedding_model, geo

SECRET_HEADER = "X-Leerwijzer-Secret"
log = logging.getLogger(__name__)


def closed_app(executor: ActionExecutor, secret: str | None) -> Sanic:
    app = create_app_for_serve(executor, cors_origins=[])  # no browser ever calls the action server
    # No keep-alive: after a restart Rasa would send its next call down a pooled connection to the dead
    # process ("Server disconnected"). A fresh loopback connection per call costs well under a millisecond.
    app.config.KEEP_ALIVE = False

    @app.on_request
    async def only_from_rasa(request):
        if request.path == "/health" or not secret:
            return None
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            log.warning("refused an action call without the shared secret")
            return response.json({"error": "forbidden"}, status=403)
        return None

    return app


def keep_torch_out() -> None:
    """Serving embeds with onnxruntime (index/sentence_encoder.py), yet spaCy's thinc imports torch whenever it
    is installed (thinc.compat), and the action environment has torch for the index build: ~0.3 GB for nothing.
    A None entry in sys.modules makes `import torch` fail in this process only, and thinc goes on without it,
    as where torch is not installed. Not with another model ($LEERWIJZER_MODEL): that one needs torch."""
    if embedding_model.resolve_name() == embedding_model.DEFAULT_MODEL:
        sys.modules.setdefault("torch", None)


def main(argv: list[str] | None = None) -> None:
    keep_torch_out()  # before the actions (and so spaCy) are imported
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    host = settings.ACTION_HOST.get()
    secret = settings.ACTION_SECRET.get() or None
    if secret is None and not is_loopback(host):  # before anything loads: nothing listens, not for a moment
        raise SystemExit(f"Not started: the action server would listen on {host} (LEERWIJZER_ACTION_HOST), beyond "
                         "loopback, and then needs LEERWIJZER_ACTION_SECRET (the same value on the Rasa servers).")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    executor = ActionExecutor()
    executor.register_package("actions")
    from actions import referent
    from actions.actions import start_loading
    from intake import fact_filter, followup_kind, parse, profile_guess

    # The intake's parser (spaCy, the town gazetteer) before the port opens: a first intake message must not
    # wait for it on the event loop (the gazetteer alone took 2.7 s at the first "hallo"), and /health only
    # says ok once a turn can be answered. The search index loads in the background, which then gives back
    # what loading freed (the world city list the gazetteer was parsed from: 26 MB); the first recommendation
    # waits for it off the event loop.
    parse.nlp()
    geo.gazetteer()
    # the intake's learned readers too: read lazily, their JSON parse left its garbage after the hand-back
    fact_filter.load()
    followup_kind.load()
    profile_guess.load()
    referent.load()
    start_loading()
    app = closed_app(executor, secret)
    # One process: Sanic's default manager keeps the port open when its worker dies, and every turn then hangs
    # until Rasa's timeout. A single process that dies closes the port, so Rasa fails fast and the supervisor
    # (bot/stack.py) restarts it. It also loads the model and index once, not in a manager that never serves.
    app.prepare(host=host, port=args.port, single_process=True, access_log=False)
    log.info("action server on http://%s:%d", host, args.port)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
