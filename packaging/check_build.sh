#!/usr/bin/env bash
# Checks the PyInstaller one-folder build: it answers --version, parses a sample article
# without any Python installation on PATH, and its window starts under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
APP=dist/article-reader/article-reader
[ -x "$APP" ] || { echo "no build at $APP (see packaging/article-reader.spec)" >&2; exit 1; }
want=$(grep -m1 '^version' pyproject.toml | cut -d'"' -f2)
got=$(env -i PATH=/usr/bin:/bin HOME="$HOME" "$APP" --version)
echo "--version: $got"
case "$got" in *"$want"*) ;; *) echo "expected version $want" >&2; exit 1 ;; esac
env -i PATH=/usr/bin:/bin HOME="$HOME" "$APP" parse resources/sample/000_ea50a6bcb4b83b50.txt --json \
  | python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print("parse:", d["title"]); assert d["title"]'
tmp=$(mktemp -d)
set +e
ARTICLE_READER_LIBRARY="$tmp/lib" XDG_CONFIG_HOME="$tmp/config" timeout 20 xvfb-run -a "$APP"
rc=$?
set -e
rm -rf "$tmp"
if [ "$rc" -eq 124 ]; then
  echo "window: still running after 20 s under Xvfb (started fine)"
else
  echo "window: exited early with status $rc" >&2
  exit 1
fi
echo "build OK"
