"""`make cluster`: start the cluster on this machine and keep it running until Ctrl-C."""
from __future__ import annotations

import os
import sys
import time

from bot import cluster as cluster_module
from bot import stack


def main() -> int:
    port = int(os.environ.get("LEERWIJZER_CLUSTER_PORT", 8000))
    print("Leerwijzer cluster starts: PostgreSQL, Redis, 2 action servers, 2 Rasa servers, nginx "
          "(the Rasa servers take about a minute)...")
    started = time.time()
    try:
        cluster = cluster_module.start(port=port)
    except (RuntimeError, TimeoutError, OSError) as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    print(f"\nReady in {time.time() - started:.0f} s.\n"
          f"  REST:      POST {cluster.url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hallo\"}}\n"
          f"  socket.io: {cluster.url}/socket.io/   health: {cluster.url}/health\n"
          f"  Rasa's API (token in $LEERWIJZER_API_TOKEN or {stack.VAR / 'api_token'}): "
          f"{', '.join(cluster.rasa_url(i) for i in range(cluster.size))}\n"
          f"  Data and logs: {cluster.base}/\n"
          "A part that stops is restarted. Press Ctrl-C to stop.")
    stack.run_until_signalled(cluster.stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
