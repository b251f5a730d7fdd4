#!/usr/bin/env bash
# One-command setup for a fresh Debian/Ubuntu machine.
#   bash packaging/setup.sh run    set up, then open the app on the bundled sample library
#   bash packaging/setup.sh test   set up, then run the static checks (.ci/lint) and the whole test suite
#   bash packaging/setup.sh        set up only
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Qt offscreen/runtime libraries
  libegl1 libgl1 libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon0 fonts-dejavu-core
  # a real window under X11 / Xvfb
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 xvfb xauth
  # looking at exported PDFs, validating the desktop file
  poppler-utils desktop-file-utils
)

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_python_env() {
  local py="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,lint]"
}

install_system_packages
install_python_env

case "${1:-}" in
  run)
    shift
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found: starting the window under Xvfb."
      exec xvfb-run -a .venv/bin/article-reader "$@"
    fi
    exec .venv/bin/article-reader "$@"
    ;;
  test)
    shift
    bash .ci/lint
    exec .venv/bin/python -m pytest "$@"
    ;;
  "") echo "Set up done. Run: .venv/bin/article-reader" ;;
  *) echo "usage: bash packaging/setup.sh [run|test]" >&2; exit 2 ;;
esac
