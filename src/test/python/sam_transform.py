"""Prints a SAM template as CloudFormation deploys it: after the AWS::Serverless transform.

Usage: sam_transform.py <template.yaml> '<parameter values as JSON>'

The same translator `sam deploy` and cfn-lint use (samtranslator). It would look up the managed policies
a template names by calling IAM; here they resolve to placeholder ARNs, so that the transform runs offline
and a test can see any managed policy SAM would attach.
"""
import json
import os
import sys

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")


class PlaceholderPolicies(dict):
    """Any managed policy name resolves to an ARN that says it is managed."""

    def __missing__(self, name):
        return "arn:aws:iam::aws:policy/" + name

    def __contains__(self, name):
        return True


with open(sys.argv[1], encoding="utf-8") as f:
    template = yaml_parse(f.read())
parameters = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
# `sam package` uploads local code and writes its S3 location; the transform wants such a location.
for resource in template.get("Resources", {}).values():
    properties = resource.get("Properties") or {}
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
        if not properties["CodeUri"].startswith("s3://"):
            properties["CodeUri"] = "s3://packaged-by-sam/" + properties["CodeUri"].strip("./") + "code.zip"
translated = Translator(managed_policy_map=PlaceholderPolicies(), sam_parser=Parser()).translate(
    sam_template=template, parameter_values=parameters, passthrough_metadata=True
)
json.dump(translated, sys.stdout, indent=1, default=str)
