"""Start a server process with its secrets handed over on a pipe, never on its command line or environment.

`ps` (and /proc/<pid>/cmdline) shows every process's arguments to every account on the machine, so Rasa's
`--auth-token ...` gave the API token to any local user. Here the parent writes the secrets as one JSON
object to a pipe that only the child inherits; the child reads it, puts the secrets into its own
`os.environ` (a change at run time that /proc/<pid>/environ does not show), replaces `@secret:NAME` in its
own `sys.argv` by the secret, and runs the module as `python -m` would. Python's `sys.argv` is a copy: the
kernel keeps showing the arguments as started, with the placeholder.

    python -m bot.launch --secrets-fd 5 rasa run ... --auth-token=@secret:LEERWIJZER_API_TOKEN

An option's secret goes in the `--option=VALUE` form: a token may start with "-" (one in 64 generated ones
does), and argparse takes a separate "-..." argument for an option of its own ("--auth-token: expected one
argument": Rasa did not start).

Used by bot/stack.py and bot/cluster for Rasa and the action servers. Stdlib only: it runs in both venvs.
"""
from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys

import settings

PLACEHOLDER = "@secret:"
# Settings that are secrets: never passed to a child in its environment, only on the pipe.
SECRET_SETTINGS = settings.SECRETS
PRIVATE_UMASK = 0o077  # files the servers write (tracker.db, its WAL, logs) are the owner's alone


def spawn(module_and_args: list[str], python: str, secrets: dict[str, str], env: dict[str, str],
          **popen: object) -> subprocess.Popen:
    """`python -m bot.launch ... module args` with `secrets` on a pipe, the secret settings taken out of
    `env`, and umask 077. Popen's other arguments (cwd, stdout, ...) pass through."""
    env = {k: v for k, v in env.items() if k not in SECRET_SETTINGS}
    secrets = {k: v for k, v in secrets.items() if v}
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen([python, "-m", "bot.launch", "--secrets-fd", str(read_end), *module_and_args],
                                env=env, pass_fds=(read_end,), umask=PRIVATE_UMASK, **popen)
    except BaseException:
        os.close(write_end)
        raise
    finally:
        os.close(read_end)
    # A pipe buffer (64 KiB) holds the few hundred bytes, so this never waits on the child.
    with os.fdopen(write_end, "w") as pipe:
        json.dump(secrets, pipe)
    return proc


def secrets_in_environment() -> dict[str, str]:
    """The secret settings the parent itself was given (e.g. LEERWIJZER_API_TOKEN), to pass on the pipe."""
    return {setting.name: setting.get() for setting in settings.ALL if setting.secret and setting.get()}


def with_secret(arg: str, secrets: dict[str, str]) -> str:
    """`@secret:NAME` or `--option=@secret:NAME` with the secret in place of the placeholder ("" if not given)."""
    option, equals, value = arg.partition("=") if arg.startswith("--") else ("", "", arg)
    if not value.startswith(PLACEHOLDER):
        return arg
    return option + equals + secrets.get(value[len(PLACEHOLDER):], "")


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[0] != "--secrets-fd":
        raise SystemExit("usage: python -m bot.launch --secrets-fd N module [args...]")
    with os.fdopen(int(argv[1])) as pipe:
        secrets = json.load(pipe)
    os.environ.update(secrets)
    module, args = argv[2], argv[3:]
    sys.argv = [module] + [with_secret(a, secrets) for a in args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
