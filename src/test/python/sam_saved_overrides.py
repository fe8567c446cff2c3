"""What a plain `sam deploy` passes CloudFormation, from the answers a `sam deploy --guided` saved.

Usage: sam_saved_overrides.py <folder> '<JSON of the guided answers: {"Key": {"Value": "...", "Hidden": false}}>'

Saves the answers into <folder>/samconfig.toml with SAM CLI's own code (`GuidedConfig._save_parameter_overrides`,
which leaves out what was typed hidden, the NoEcho parameters), reads the file back as `sam deploy` does
(`SamConfig.get_all`) and converts `parameter_overrides` with the click type `sam deploy` declares for it
(`CfnParameterOverridesType`). Prints {"saved": <the file>, "overrides": {...}}.
"""
import json
import os
import sys

try:
    import sitecustomize_stub  # noqa: F401  (a source install's stand-ins for modules it cannot install)
except ImportError:
    pass
from samcli.cli.types import CfnParameterOverridesType  # noqa: E402
from samcli.commands.deploy.guided_config import GuidedConfig  # noqa: E402
from samcli.lib.config.samconfig import SamConfig  # noqa: E402


def main():
    folder, answers = sys.argv[1], json.loads(sys.argv[2])
    config = SamConfig(config_dir=folder, filename="samconfig.toml")
    config.put(["deploy"], "parameters", "stack_name", "guardduty-slack")
    GuidedConfig(os.path.join(folder, "template.yaml"), "parameters")._save_parameter_overrides(
        ["deploy"], "default", answers, config)
    config.flush()
    saved = SamConfig(config_dir=folder, filename="samconfig.toml").get_all(["deploy"], "parameters")
    overrides = CfnParameterOverridesType().convert((saved.get("parameter_overrides", ""),), None, None)
    with open(os.path.join(folder, "samconfig.toml"), encoding="utf-8") as file:
        print(json.dumps({"saved": file.read(), "overrides": overrides}))


if __name__ == "__main__":
    main()
