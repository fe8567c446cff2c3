"""Parses `sam deploy --parameter-overrides` values with SAM CLI's own parser, and prints what it makes of them.

Usage: sam_parameter_overrides.py '<JSON list of the words the shell passes after --parameter-overrides>'

Runs `samcli.cli.types.CfnParameterOverridesType.convert`, the click type `sam deploy` declares for the option
(samcli/commands/_utils/options.py, `parameter_override_click_option`, multiple=True: one value per word), and
prints the parameters as a JSON object of strings. Needs SAM CLI's Python package on the path (the launcher of
a source install puts its `lib` there).
"""
import json
import sys

try:
    import sitecustomize_stub  # noqa: F401  (a source install's stand-ins for modules it cannot install)
except ImportError:
    pass
from samcli.cli.types import CfnParameterOverridesType  # noqa: E402


def main():
    words = json.loads(sys.argv[1])
    print(json.dumps(CfnParameterOverridesType().convert(tuple(words), None, None)))


if __name__ == "__main__":
    main()
