#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Check that every *.c and *.h under src/ and tests/ matches the committed
# .clang-format. Usage: check-format.sh SRCROOT
# Walks the source tree with find rather than the build's file list, so it sees
# exactly what a clean clone has. `make format` fixes what it reports.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 SRCROOT" >&2
  exit 2
fi
srcroot=$1
clang_format=${CLANG_FORMAT:-clang-format}
style_file="$srcroot/.clang-format"

if [ ! -f "$style_file" ]; then
  echo "FAIL: $style_file does not exist" >&2
  exit 1
fi

list=$(mktemp)
log=$(mktemp)
trap 'rm -f "$list" "$log"' EXIT INT TERM

for dir in src tests; do
  if [ -d "$srcroot/$dir" ]; then
    find "$srcroot/$dir" -type f \( -name '*.c' -o -name '*.h' \) -print
  fi
done | LC_ALL=C sort >"$list"

checked=0
bad=0
while IFS= read -r file; do
  checked=$((checked + 1))
  # An explicit style file: a stray .clang-format deeper in the tree must not win.
  if ! "$clang_format" --dry-run --Werror --style="file:$style_file" "$file" >"$log" 2>&1; then
    bad=$((bad + 1))
    echo "needs formatting: ${file#"$srcroot"/}"
    # The first differences are enough to see what is wrong.
    head -n 12 "$log" | sed 's/^/    /'
  fi
done <"$list"

if [ "$bad" -ne 0 ]; then
  echo "FAIL: $bad of $checked C files differ from .clang-format (run 'make format')" >&2
  exit 1
fi
echo "all $checked C files match .clang-format"
