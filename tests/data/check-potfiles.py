#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists exactly the files with translatable strings.

Usage: check-potfiles.py SRCROOT

Scans src/ and data/ under SRCROOT. A file needs translation when it is:
  - C source or header calling _(), N_(), C_(), NC_(), g_dgettext() and kin
    (comments and string literals are ignored);
  - a GtkBuilder .ui file with a translatable="yes" property;
  - a .desktop.in or .metainfo.xml.in file;
  - a .gschema.xml file with a <summary> or <description>.

src/camsim/ is not scanned: sightline-camsim is a developer tool for tests and
integrators, and its messages are deliberately left untranslated.

Fails, naming each file, when a file needing translation is missing from
POTFILES.in, or when POTFILES.in lists a file that does not exist.
"""

import os
import re
import sys

SCANNED_DIRS = ("src", "data")
IGNORED_DIRS = ("src/camsim",)

C_GETTEXT_CALL = re.compile(
    r"(?<![\w])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext|g_dpgettext2"
    r"|gettext|ngettext|dgettext|dngettext|pgettext)\s*\("
)
# Comments and literals, so that a call mentioned in a comment or string does
# not count. Alternation order matters: literals first, so "/*" in a string is
# not a comment.
C_NOISE = re.compile(
    r'"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'"
    r"|/\*.*?\*/"
    r"|//[^\n]*",
    re.DOTALL,
)
UI_TRANSLATABLE = re.compile(r'\btranslatable\s*=\s*["\'](?:yes|true|1)["\']', re.IGNORECASE)
SCHEMA_TEXT = re.compile(r"<(?:summary|description)\b")


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def needs_translation(path):
    name = os.path.basename(path)
    if name.endswith((".c", ".h")):
        code = C_NOISE.sub(" ", read_text(path))
        return C_GETTEXT_CALL.search(code) is not None
    if name.endswith(".ui"):
        return UI_TRANSLATABLE.search(read_text(path)) is not None
    if name.endswith((".desktop.in", ".metainfo.xml.in", ".appdata.xml.in")):
        return True
    if name.endswith(".gschema.xml"):
        return SCHEMA_TEXT.search(read_text(path)) is not None
    return False


def scan(srcroot):
    found = set()
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcroot, top)):
            rel_dir = os.path.relpath(dirpath, srcroot).replace(os.sep, "/")
            # Prune hidden directories and the deliberately untranslated ones.
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".") and f"{rel_dir}/{d}" not in IGNORED_DIRS
            )
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                if os.path.isfile(path) and needs_translation(path):
                    found.add(f"{rel_dir}/{filename}")
    return found


def read_potfiles(path):
    listed = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                # xgettext accepts "[encoding: ...]" lines; they name no file.
                if entry.startswith("["):
                    continue
                listed.append(entry)
    return listed


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} SRCROOT", file=sys.stderr)
        return 2
    srcroot = argv[1]
    potfiles_in = os.path.join(srcroot, "po", "POTFILES.in")
    if not os.path.isfile(potfiles_in):
        print(f"FAIL: {potfiles_in} does not exist", file=sys.stderr)
        return 1

    listed = read_potfiles(potfiles_in)
    needed = scan(srcroot)
    problems = []

    seen = set()
    for entry in listed:
        if entry in seen:
            problems.append(f"po/POTFILES.in lists {entry} twice")
        seen.add(entry)
        if not os.path.isfile(os.path.join(srcroot, entry)):
            problems.append(f"po/POTFILES.in lists {entry}, which does not exist")

    for path in sorted(needed - seen):
        problems.append(f"{path} has translatable strings but is missing from po/POTFILES.in")

    # Harmless for xgettext, so only a note: usually a leftover after a move.
    for entry in sorted(seen - needed):
        if os.path.isfile(os.path.join(srcroot, entry)):
            print(f"note: {entry} is listed but has no translatable strings")

    if problems:
        for problem in problems:
            print(f"FAIL: {problem}", file=sys.stderr)
        return 1
    print(f"po/POTFILES.in lists all {len(needed)} files with translatable strings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
