"""`make cluster`: start the cluster on this machine and keep it running until Ctrl-C."""
from __future__ import annotations

import sys

import settings
from bot import cluster as cluster_module
from bot import stack


def main() -> int:
    port = settings.CLUSTER_PORT.get()
    return stack.launch(
        "Leerwijzer cluster starts: PostgreSQL, Redis, 2 action servers, 2 Rasa servers, nginx "
        "(the Rasa servers take about a minute)...",
        lambda: cluster_module.start(port=port), lambda cluster: (
            f"  REST:      POST {cluster.url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hallo\"}}\n"
            f"  socket.io: {cluster.url}/socket.io/   health: {cluster.url}/health\n"
            f"  Rasa's API (token in $LEERWIJZER_API_TOKEN or {stack.VAR / 'api_token'}): "
            f"{', '.join(cluster.rasa_url(i) for i in range(cluster.size))}\n"
            f"  Data and logs: {cluster.base}/\n"))


if __name__ == "__main__":
    sys.exit(main())
