"""Prints template.yaml as a release ships it: the function's code is the release's zip, not a build.

Usage: release_template.py <version> [template.yaml]

With the zip and this template side by side, `sam deploy --guided --template-file <this>` deploys the
release without a JDK or `sam build`. Fails unless the template has exactly one `CodeUri: .`.
"""
import re
import sys


def main():
    version = sys.argv[1].removeprefix("v")
    path = sys.argv[2] if len(sys.argv) > 2 else "template.yaml"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    code_uri = re.compile(r"^(\s+CodeUri:) \.\s*$", re.M)
    if len(code_uri.findall(text)) != 1:
        sys.exit(f"{path} must have exactly one 'CodeUri: .'")
    sys.stdout.write(code_uri.sub(lambda m: f"{m.group(1)} guardduty-slack-{version}.zip", text))


if __name__ == "__main__":
    main()
