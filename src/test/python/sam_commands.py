"""Parses `sam …` command lines with SAM CLI's own command-line interface, and runs nothing.

Usage: sam_commands.py '<JSON list of command lines>'   (run in the folder a reader would run them in)

Each line is split as the shell splits it, and given to SAM CLI's click group (`samcli.cli.main.cli`): the
group resolves the command, and the command's context is made from the words, which checks every option,
its value's type and the callbacks SAM CLI attaches to options (the template file exists, the configuration
file supplies what the line leaves out). No command's function is called. Prints a JSON list of
{"command", "ok", "error"}.
"""
import json
import shlex
import sys
import warnings

try:
    import sitecustomize_stub  # noqa: F401  (a source install's stand-ins for modules it cannot install)
except ImportError:
    pass
from samcli.cli.main import cli  # noqa: E402


def parse(line):
    words = shlex.split(line)[1:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            group = cli.make_context("sam", list(words))
            name, command, rest = cli.resolve_command(group, group.protected_args + group.args)
            command.make_context(name, rest, parent=group)
        return {"command": line, "ok": True, "error": ""}
    except Exception as error:  # click's usage errors, and the exceptions SAM CLI's option callbacks raise
        return {"command": line, "ok": False, "error": f"{type(error).__name__}: {error}"}


def main():
    print(json.dumps([parse(line) for line in json.loads(sys.argv[1])]))


if __name__ == "__main__":
    main()
