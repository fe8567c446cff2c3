"""Runs AWS CLI commands through the AWS CLI itself, up to the request it would send, and prints those requests.

Usage: aws_cli_requests.py '<shell text with aws commands>' '<JSON of the variables the text uses>'

Each command (a line, with backslash continuations joined, starting with `aws`) gets its variables expanded
and is split as the shell splits it, then run by the installed AWS CLI's own driver (awscli.clidriver): its
argument parser, its shorthand syntax and botocore's validation against the service's API model (the JSON
model the CLI ships). botocore leaves enumerations to the service; this script checks each enumerated value
against the model too. Nothing is sent: a handler on botocore's `before-call` event records the validated
request and answers it with an empty response, which botocore documents as the way to short-circuit a call.

Prints a JSON list, one object per command: {"command", "exit", "operation", "params", "error"}; "params"
holds the operation's parameters as the CLI built them, "error" what the CLI printed on failure.
"""
import contextlib
import io
import json
import os
import shlex
import sys

from awscli.clidriver import create_clidriver
from botocore.awsrequest import AWSResponse


def commands(text, variables):
    joined = text.replace("\\\n", " ")
    for line in joined.splitlines():
        line = line.strip()
        if line.startswith("aws "):
            expanded = line
            for name, value in variables.items():
                expanded = expanded.replace("${" + name + "}", value).replace("$" + name, value)
            yield shlex.split(expanded)[1:]


def run(argv):
    captured = {}

    def before_parameter_build(params, model, **kwargs):
        captured["operation"] = model.name
        captured["params"] = json.loads(json.dumps(params, default=str))
        captured["params"].pop("ClientRequestToken", None)  # a fresh UUID each time

    def before_call(model, **kwargs):
        captured["validated"] = True
        captured["enum_errors"] = list(enum_errors(model.input_shape, captured.get("params", {}), ""))
        return AWSResponse("https://localhost/", 200, {}, None), {}

    driver = create_clidriver()
    driver.session.register("before-parameter-build", before_parameter_build)
    driver.session.register("before-call", before_call)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = driver.main(argv + ["--output", "json"])
        except SystemExit as e:  # argparse exits on a usage error (a missing required option, say)
            code = e.code if isinstance(e.code, int) else 2
    error = err.getvalue().strip()
    if captured.get("enum_errors"):
        code, error = 255, "; ".join(captured["enum_errors"])
    valid = captured.get("validated") and not captured.get("enum_errors")
    return {"command": argv, "exit": code, "operation": captured.get("operation"),
            "params": captured.get("params") if valid else None, "error": error}


def enum_errors(shape, value, path):
    """Each value of an enumerated string that the model does not list."""
    if shape is None:
        return
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                yield from enum_errors(member, value[name], f"{path}.{name}".lstrip("."))
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from enum_errors(shape.member, item, f"{path}[{i}]")
    elif shape.type_name == "string" and getattr(shape, "enum", None) and value not in shape.enum:
        yield f"{path}: {value!r} is not one of {shape.enum}"


def main():
    os.environ.update({"AWS_ACCESS_KEY_ID": "not-sent", "AWS_SECRET_ACCESS_KEY": "not-sent",
                       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_PAGER": ""})
    variables = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    print(json.dumps([run(argv) for argv in commands(sys.argv[1], variables)]))


if __name__ == "__main__":
    main()
