"""Runs `sam deploy --guided` under a pseudo-terminal, as a person at a terminal would, and reports its prompts.

Usage: sam_guided.py '<JSON settings>'
  {"command": [...], "cwd": "...", "env": {...}, "answers": {"<prompt label>": "<answer>", ...},
   "hidden": ["<label whose answer is never printed>", ...], "stop_at": "<text>", "timeout": 180}

SAM CLI asks with click's prompt and confirm (samcli/commands/deploy/guided_context.py): a prompt is a line
ending in ": " once the output is quiet. Each is answered from "answers" by its label (the text before any
" [default]"), or with Enter. A label asked a second time means the answer was refused (click re-asks an
empty answer to a prompt without a default): the run stops there. The run also stops when "stop_at" appears.

Prints one JSON object: the prompts in order ({label, default, answer}; hidden answers as "(hidden)"), the
labels asked more than once, the hidden labels whose answers the output showed ("leaked"), whether stop_at was
seen, the exit status (null when stopped), and the output's last lines with ANSI colours and hidden answers
removed.
"""
import json
import os
import pty
import re
import select
import signal
import sys
import time

ANSI = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")
PROMPT = re.compile(r"^\s*(?P<label>[^\[\n]*?[^\s\[])(?: \[(?P<default>[^\]]*)\])?: ?$")
QUIET_SECONDS = 0.6


def main():
    settings = json.loads(sys.argv[1])
    answers = settings.get("answers", {})
    hidden = set(settings.get("hidden", []))
    env = dict(os.environ, **settings.get("env", {}))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(settings.get("cwd", "."))
        os.execvpe(settings["command"][0], settings["command"], env)
    output = b""
    prompts, repeated, seen = [], [], set()
    stopped, status = False, None
    answered_at = -1
    deadline = time.time() + settings.get("timeout", 180)
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], QUIET_SECONDS)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
            if settings.get("stop_at") and settings["stop_at"].encode() in ANSI.sub(b"", output):
                stopped = True
                break
            continue
        text = ANSI.sub(b"", output).decode("utf-8", "replace")
        if len(output) == answered_at:
            continue
        last = text.rsplit("\n", 1)[-1]
        match = PROMPT.match(last)
        if not match:
            continue
        label = match.group("label").strip()
        if label in seen:
            repeated.append(label)
            break
        seen.add(label)
        answer = answers.get(label, "")
        prompts.append({"label": label, "default": match.group("default"),
                        "answer": "(hidden)" if label in hidden else answer})
        os.write(fd, answer.encode() + b"\r")
        answered_at = len(output)
    if stopped or repeated or time.time() >= deadline:
        os.kill(pid, signal.SIGTERM)
    _, wait = os.waitpid(pid, 0)
    if not (stopped or repeated):
        status = os.waitstatus_to_exitcode(wait)
    text = ANSI.sub(b"", output).decode("utf-8", "replace")
    leaked = []
    for label in hidden:
        secret = answers.get(label)
        if secret and secret != "-" and secret in text:
            leaked.append(label)
            text = text.replace(secret, "(hidden)")
    print(json.dumps({"prompts": prompts, "repeated": repeated, "leaked": leaked, "stopped_at": stopped,
                      "exit": status, "timed_out": time.time() >= deadline, "tail": text.splitlines()[-40:]}))


if __name__ == "__main__":
    main()
