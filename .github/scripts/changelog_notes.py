"""Prints the CHANGELOG.md entry of one version: the release notes of its GitHub Release.

Usage: changelog_notes.py <version> [CHANGELOG.md]

Fails (exit 1, with the reason on stderr) when the changelog has no entry for the version, when that entry
is empty, or when it is not the latest one: a tag must not be released without its notes.
"""
import re
import sys


def entries(text):
    """Each released version's heading line and body, newest first ('## [1.2.3] - 2026-01-31')."""
    found = []
    heading = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.M)
    matches = list(heading.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end]
        # The link references at the end of the file belong to no entry.
        body = re.split(r"^\[[^\]]+\]: ", body, maxsplit=1, flags=re.M)[0]
        found.append((match.group("version"), match.group("date"), body.strip()))
    return [e for e in found if e[0] != "Unreleased"]


def main():
    version = sys.argv[1].removeprefix("v")
    path = sys.argv[2] if len(sys.argv) > 2 else "CHANGELOG.md"
    with open(path, encoding="utf-8") as f:
        released = entries(f.read())
    if not released:
        sys.exit(f"{path} has no released version")
    latest, date, body = released[0]
    if latest != version:
        sys.exit(f"{path}'s latest entry is {latest}, not {version}")
    if not date:
        sys.exit(f"{path}'s entry for {version} has no date")
    if not body:
        sys.exit(f"{path}'s entry for {version} is empty")
    print(body)


if __name__ == "__main__":
    main()
