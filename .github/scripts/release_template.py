"""Prints template.yaml as a release ships it.

Usage: release_template.py <version> [--existing-secret] [--for-publishing] [template.yaml]

- The function code is the release's zip (every `CodeUri: .` becomes `guardduty-slack-<version>.zip`), so that
  `sam deploy --guided --template-file <this>` deploys the release with neither a JDK nor `sam build`.
- The Serverless Application Repository metadata is left out: its LicenseUrl and ReadmeUrl name files of the
  repository, and `sam deploy` uploads Metadata artifacts first, so in a folder of downloaded release files it
  would stop at "Unable to upload artifact LICENSE".
- --existing-secret: the variant for a webhooks secret the user created with one command (README, Deploy):
  no WebhookUrl parameter, no secret and no seeder; ExistingWebhooksSecretArn is required. `sam deploy
  --guided` then asks for no webhook at all, and every resource type is one the Serverless Application
  Repository takes (its one-click deploy cannot create a secret, and cannot take a custom resource).
- --for-publishing (with --existing-secret): keeps `CodeUri: .` and the repository metadata, for
  `sam build`, `sam package` and `sam publish` from a checkout; and leaves triage from Slack out, whose
  function URL (AWS::Lambda::Url) is not on the repository's list of supported resources as the tests hold it.

The template is read as SAM CLI reads it (samtranslator's YAML loader, short-form tags to long form) and
written back as YAML in long form. Fails unless the template has at least one `CodeUri: .`.
"""
import json
import sys

import yaml
from samtranslator.yaml_helper import yaml_parse

SECRET_CONDITIONS = {"UseExistingSecret": 1, "CreateSecret": 2}  # which Fn::If branch each takes when existing
TRIAGE_PARAMETERS = ("SlackSigningSecretArn", "TriageUsers", "SlackTeamId")
TRIAGE_CONDITIONS = ("TriageWanted", "FunctionUrlsOffered", "TriageOn")


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    positional = [a for a in argv if not a.startswith("--")]
    unknown = flags - {"--existing-secret", "--for-publishing"}
    if unknown or not positional:
        sys.exit(__doc__.split("\n\n")[1])
    if "--for-publishing" in flags and "--existing-secret" not in flags:
        sys.exit("--for-publishing is for the --existing-secret variant (the one the repository can take)")
    version = positional[0].removeprefix("v")
    path = positional[1] if len(positional) > 1 else "template.yaml"
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    if "--existing-secret" in flags:
        template = existing_secret(template)
    if "--for-publishing" in flags:
        template = without_triage(template)
    functions = [r for r in template["Resources"].values() if r.get("Properties", {}).get("CodeUri") == "."]
    if not functions:
        sys.exit(f"{path} has no function with 'CodeUri: .'")
    if "--for-publishing" not in flags:
        for function in functions:
            function["Properties"]["CodeUri"] = f"guardduty-slack-{version}.zip"
        template.get("Metadata", {}).pop("AWS::ServerlessRepo::Application", None)
    yaml.add_representer(str, _text, Dumper=yaml.SafeDumper)
    sys.stdout.write(yaml.safe_dump(template, sort_keys=False, width=110, allow_unicode=True))


def existing_secret(template):
    """The variant without a secret of its own: WebhookUrl, the secret and its seeder gone."""
    parameters = template["Parameters"]
    del parameters["WebhookUrl"]
    arn = parameters["ExistingWebhooksSecretArn"]
    arn.pop("Default", None)
    arn["AllowedPattern"] = arn["AllowedPattern"].removeprefix("^$|")
    arn["ConstraintDescription"] = arn["ConstraintDescription"].replace("must be empty, or", "must be")
    arn["Description"] = (
        "The whole ARN of the secret holding the Slack webhooks, as created with the README's one command: "
        '{"DEFAULT":"https://hooks.slack.com/services/…"}, and optionally LOW, MEDIUM, HIGH, CRITICAL or '
        "destination names."
    )
    template["Resources"] = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource.get("Condition") != "CreateSecret"
    }
    for name in SECRET_CONDITIONS:
        template["Conditions"].pop(name, None)
    template["Rules"] = {
        name: rule for name, rule in template.get("Rules", {}).items() if "WebhookUrl" not in json.dumps(rule)
    }
    if not template["Rules"]:
        del template["Rules"]
    for group in template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"]:
        group["Parameters"] = [p for p in group["Parameters"] if p != "WebhookUrl"]
    resolved = _resolve(template)
    leftover = [c for c in SECRET_CONDITIONS if f'"{c}"' in json.dumps(resolved)]
    if leftover:
        sys.exit(f"the template still refers to {leftover} where the variant cannot resolve it")
    return resolved


def without_triage(template):
    """The stack without triage from Slack: its parameters, rule, conditions, resources and outputs gone."""
    for section in ("Resources", "Outputs"):
        template[section] = {
            name: value for name, value in template[section].items() if value.get("Condition") != "TriageOn"
        }
    for name in TRIAGE_PARAMETERS:
        del template["Parameters"][name]
    template["Rules"] = {
        name: rule
        for name, rule in template.get("Rules", {}).items()
        if not any(p in json.dumps(rule) for p in TRIAGE_PARAMETERS)
    }
    if not template["Rules"]:
        del template["Rules"]
    conditions = template["Conditions"]
    for name in TRIAGE_CONDITIONS:
        del conditions[name]
    # The table is then needed exactly when the notifier uses it.
    conditions["StateTableNeeded"] = conditions["NotifierUsesTable"]
    groups = template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"]
    for group in groups:
        group["Parameters"] = [p for p in group["Parameters"] if p not in TRIAGE_PARAMETERS]
    template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"] = [g for g in groups if g["Parameters"]]
    template = _unset(template)
    leftover = [n for n in TRIAGE_PARAMETERS + TRIAGE_CONDITIONS if f'"{n}"' in json.dumps(template)]
    if leftover:
        sys.exit(f"the template still refers to {leftover} without triage")
    return template


_GONE = object()


def _unset(node):
    """
    Each Ref to a triage parameter (the notifier's variables) replaced by the empty string it defaults to, and
    each Fn::If on TriageOn (the notifier's button key) by its branch for triage off; a statement that branch
    leaves out (AWS::NoValue) goes from its list.
    """
    if isinstance(node, dict):
        if set(node) == {"Ref"} and node["Ref"] in TRIAGE_PARAMETERS:
            return ""
        if set(node) == {"Fn::If"} and node["Fn::If"][0] == "TriageOn":
            off = node["Fn::If"][2]
            return _GONE if off == {"Ref": "AWS::NoValue"} else _unset(off)
        return {key: _unset(value) for key, value in node.items()}
    if isinstance(node, list):
        return [item for item in (_unset(item) for item in node) if item is not _GONE]
    return node


def _resolve(node):
    """Each Fn::If on the secret conditions replaced by the branch an existing secret takes."""
    if isinstance(node, dict):
        if set(node) == {"Fn::If"} and node["Fn::If"][0] in SECRET_CONDITIONS:
            return _resolve(node["Fn::If"][SECRET_CONDITIONS[node["Fn::If"][0]]])
        return {key: _resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item) for item in node]
    return node


def _text(dumper, value):
    """Multi-line strings (inline code, long descriptions) as literal blocks, so that the file stays readable."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


if __name__ == "__main__":
    main(sys.argv[1:])
