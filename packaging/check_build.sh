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
# Start the window under Xvfb in its own process group, give it time, and see that it is still up.
ARTICLE_READER_LIBRARY="$tmp/lib" XDG_CONFIG_HOME="$tmp/config" setsid xvfb-run -a "$APP" \
  >"$tmp/out.log" 2>&1 &
pid=$!
sleep "${STARTUP_SECONDS:-15}"
if kill -0 "$pid" 2>/dev/null; then
  up=yes
else
  up=no
fi
kill -TERM -- "-$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
for _ in $(seq 50); do  # let the app finish saving its state before the folder goes
  kill -0 -- "-$pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" = yes ] && [ -f "$tmp/lib/library.sqlite3" ]; then
  echo "window: running under Xvfb after ${STARTUP_SECONDS:-15} s, sample library created"
else
  echo "window: not running (see its output below)" >&2
  cat "$tmp/out.log" >&2
  rm -rf "$tmp"
  exit 1
fi
rm -rf "$tmp"
echo "build OK"
