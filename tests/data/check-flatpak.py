#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the project and the sandbox policy.

Usage: check-flatpak.py SRCROOT APP_ID

Checks flatpak/APP_ID.json: valid JSON; id/app-id is APP_ID; command is
sightline; GNOME runtime and SDK; finish-args hold the minimal set and nothing
that opens the sandbox wide; the sightline module builds this tree with meson;
and every -Dname=value in its config-opts is an option of meson_options.txt with
a value that option allows. A manifest that drifts from meson_options.txt
otherwise only fails on a Flatpak builder, long after the change.
"""

import json
import os
import re
import sys

COMMAND = "sightline"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
REQUIRED_FINISH_ARGS = [
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--share=ipc",
    "--share=network",
    "--socket=pulseaudio",
]
# Each opens the sandbox far beyond what a VMS client needs. A suffix such as
# ":ro" does not make them acceptable.
FORBIDDEN_FINISH_ARGS = ["--filesystem=host", "--filesystem=home", "--device=all"]

# Meson's own options that a manifest may set; they are not in
# meson_options.txt. Values are checked by meson itself.
MESON_BUILTIN_OPTIONS = {
    "buildtype", "optimization", "debug", "warning_level", "werror",
    "default_library", "prefix", "bindir", "libdir", "datadir", "localedir",
    "sysconfdir", "libexecdir", "c_args", "c_link_args", "c_std", "strip",
    "unity", "wrap_mode", "force_fallback_for", "auto_features",
}


class OptionsSyntaxError(Exception):
    pass


TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
    | (?P<string>'''.*?'''|'(?:\\.|[^'\\\n])*')
    | (?P<number>-?\d+)
    | (?P<ident>[A-Za-z_]\w*)
    | (?P<punct>[()\[\]{},:])
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text):
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            line = text.count("\n", 0, pos) + 1
            raise OptionsSyntaxError(f"line {line}: unexpected {text[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        value = m.group(kind)
        if kind == "string":
            value = value[3:-3] if value.startswith("'''") else re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "number":
            value = int(value)
        elif kind == "ident" and value in ("true", "false"):
            kind, value = "bool", value == "true"
        yield kind, value


class Parser:
    """Just enough of meson's syntax for option() calls with literal arguments."""

    def __init__(self, text):
        self.tokens = list(tokenize(text))
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise OptionsSyntaxError(f"expected {value or kind}, found {tok[1]!r}")
        self.i += 1
        return tok[1]

    def value(self):
        kind, value = self.peek()
        if kind in ("string", "number", "bool"):
            self.i += 1
            return value
        if (kind, value) == ("punct", "["):
            self.i += 1
            items = []
            while self.peek() != ("punct", "]"):
                items.append(self.value())
                if self.peek() == ("punct", ","):
                    self.i += 1
            self.take("punct", "]")
            return items
        raise OptionsSyntaxError(f"unsupported value {value!r}")

    def options(self):
        result = {}
        while self.peek()[0] is not None:
            self.take("ident", "option")
            self.take("punct", "(")
            name = self.take("string")
            kwargs = {}
            while self.peek() != ("punct", ")"):
                if self.peek() == ("punct", ","):
                    self.i += 1
                    continue
                key = self.take("ident")
                self.take("punct", ":")
                kwargs[key] = self.value()
            self.take("punct", ")")
            result[name] = kwargs
        return result


def check_option_value(name, value, option):
    """Return a problem string, or None when meson would accept the value."""
    kind = option.get("type", "string")
    if kind == "combo":
        choices = option.get("choices", [])
        if value not in choices:
            return f"-D{name}={value}: not one of {', '.join(choices)}"
    elif kind == "boolean":
        if value not in ("true", "false"):
            return f"-D{name}={value}: boolean option takes true or false"
    elif kind == "feature":
        if value not in ("enabled", "disabled", "auto"):
            return f"-D{name}={value}: feature option takes enabled, disabled or auto"
    elif kind == "integer":
        try:
            number = int(value)
        except ValueError:
            return f"-D{name}={value}: integer option takes a number"
        if "min" in option and number < option["min"]:
            return f"-D{name}={value}: below the minimum {option['min']}"
        if "max" in option and number > option["max"]:
            return f"-D{name}={value}: above the maximum {option['max']}"
    elif kind == "array":
        choices = option.get("choices")
        items = [v for v in value.strip("[]").split(",") if v]
        if choices is not None:
            for item in items:
                if item.strip("'\" ") not in choices:
                    return f"-D{name}={value}: {item} is not one of {', '.join(choices)}"
    return None


def check_config_opts(config_opts, options):
    problems = []
    for opt in config_opts:
        if not opt.startswith("-D"):
            continue
        name, sep, value = opt[2:].partition("=")
        if not sep:
            problems.append(f"config-opts entry {opt!r} is not -Dname=value")
        elif name in options:
            problem = check_option_value(name, value, options[name])
            if problem:
                problems.append(f"config-opts {problem}")
        elif name not in MESON_BUILTIN_OPTIONS and not name.startswith("b_"):
            problems.append(f"config-opts {opt!r}: no option {name!r} in meson_options.txt")
    return problems


def check_finish_args(finish_args):
    problems = []
    for arg in finish_args:
        for forbidden in FORBIDDEN_FINISH_ARGS:
            if arg == forbidden or arg.startswith(forbidden + ":"):
                problems.append(f"finish-args contains {arg}, which opens the sandbox too wide")
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in finish_args:
            problems.append(f"finish-args lacks {arg}")
    return problems


def check_module(manifest, options):
    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    module = next((m for m in modules if m.get("name") == COMMAND), None)
    if module is None:
        return [f"no module named {COMMAND!r}"]
    problems = []
    if module.get("buildsystem") != "meson":
        problems.append(f"module {COMMAND!r} buildsystem is {module.get('buildsystem')!r}, not 'meson'")
    sources = module.get("sources", [])
    if not any(isinstance(s, dict) and s.get("type") == "dir" and s.get("path") == ".."
               for s in sources):
        problems.append(f"module {COMMAND!r} has no source {{\"type\": \"dir\", \"path\": \"..\"}}")
    problems += check_config_opts(module.get("config-opts", []), options)
    return problems


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} SRCROOT APP_ID", file=sys.stderr)
        return 2
    srcroot, app_id = argv[1], argv[2]
    manifest_path = os.path.join(srcroot, "flatpak", f"{app_id}.json")
    options_path = os.path.join(srcroot, "meson_options.txt")

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: {manifest_path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f"FAIL: {manifest_path}: top level is not an object", file=sys.stderr)
        return 1

    try:
        with open(options_path, encoding="utf-8") as f:
            options = Parser(f.read()).options()
    except (OSError, OptionsSyntaxError) as e:
        print(f"FAIL: {options_path}: {e}", file=sys.stderr)
        return 1

    problems = []
    ids = {key: manifest[key] for key in ("id", "app-id") if key in manifest}
    if not ids:
        problems.append("manifest has neither id nor app-id")
    for key, value in ids.items():
        if value != app_id:
            problems.append(f"{key} is {value!r}, not {app_id!r}")
    if manifest.get("command") != COMMAND:
        problems.append(f"command is {manifest.get('command')!r}, not {COMMAND!r}")
    if manifest.get("runtime") != RUNTIME:
        problems.append(f"runtime is {manifest.get('runtime')!r}, not {RUNTIME!r}")
    if manifest.get("sdk") != SDK:
        problems.append(f"sdk is {manifest.get('sdk')!r}, not {SDK!r}")
    if not isinstance(manifest.get("runtime-version"), str):
        problems.append("runtime-version is missing or not a string")
    problems += check_finish_args(manifest.get("finish-args", []))
    problems += check_module(manifest, options)

    if problems:
        for problem in problems:
            print(f"FAIL: flatpak/{app_id}.json: {problem}", file=sys.stderr)
        return 1
    print(f"flatpak/{app_id}.json is consistent with meson_options.txt and the sandbox policy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
