#!/usr/bin/env bash
# Set up AOS Designer in .venv and open the window, or run the test suite.
#
#   ./dev.sh open [FILE]     set up, then open the designer on FILE, a path from the
#                            current folder (default: the sample template)
#   ./dev.sh test [ARGS...]  set up, then run the whole test suite headless (ARGS go to pytest)
#
# Setting up creates .venv with the Python named by $PYTHON (default python3, 3.11 or
# newer), installs the project with its test tools, and checks the system libraries Qt
# needs. As root it installs missing Debian packages with apt-get; otherwise it prints
# the apt-get line to run. $AOS_DESIGNER_EXTRAS names the optional dependencies to
# install (default: test); CI adds `signing` to compare the request signer with Huawei's.
set -euo pipefail

# The folder the script was run from: a relative FILE is read from there.
caller=$(pwd)
cd "$(dirname "$0")"
root=$(pwd)
venv="$root/.venv"
python=${PYTHON:-python3}
extras=${AOS_DESIGNER_EXTRAS:-test}

say() { printf '%s\n' "$*" >&2; }

# Debian packages Qt needs to draw at all (also offscreen), with a font for Chinese text
# (real templates describe inputs in Chinese and English), and those it needs to open a
# real window on an X display. git is for the Git export and its tests.
qt_packages=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
             fonts-wqy-microhei git)
window_packages=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
                 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libx11-xcb1)

# The file each package provides, to tell whether it is installed without asking dpkg
# (which a container may not have).
declare -A provides=(
  [libegl1]=libEGL.so.1 [libgl1]=libGL.so.1 [libfontconfig1]=libfontconfig.so.1
  [libxkbcommon0]=libxkbcommon.so.0 [libdbus-1-3]=libdbus-1.so.3
  [libglib2.0-0]=libglib-2.0.so.0 [fonts-dejavu-core]=DejaVuSans.ttf
  [fonts-wqy-microhei]=wqy-microhei.ttc [git]=git
  [libxcb-cursor0]=libxcb-cursor.so.0 [libxcb-icccm4]=libxcb-icccm.so.4
  [libxcb-keysyms1]=libxcb-keysyms.so.1 [libxcb-image0]=libxcb-image.so.0
  [libxcb-render-util0]=libxcb-render-util.so.0 [libxcb-shape0]=libxcb-shape.so.0
  [libxcb-xkb1]=libxcb-xkb.so.1 [libxkbcommon-x11-0]=libxkbcommon-x11.so.0
  [libxcb-randr0]=libxcb-randr.so.0 [libx11-xcb1]=libX11-xcb.so.1
  [python3-venv]=ensurepip
)

has_file() {
  local name=$1
  case "$name" in
    *.ttf | *.ttc) [ -n "$(find /usr/share/fonts -name "$name" -print -quit 2>/dev/null)" ] ;;
    git) command -v git >/dev/null ;;
    ensurepip) "$python" -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
    *) /sbin/ldconfig -p 2>/dev/null | grep -F "$name" >/dev/null \
         || [ -n "$(find /usr/lib /lib -name "$name" -print -quit 2>/dev/null)" ] ;;
  esac
}

install_packages() {
  local missing=()
  for package in "$@"; do
    has_file "${provides[$package]}" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "Installing missing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "These system packages are missing: ${missing[*]}"
    say "Install them with:"
    say "  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
}

setup() {
  if ! command -v "$python" >/dev/null; then
    say "$python was not found; install Python 3.11 or newer (sudo apt-get install -y python3)"
    exit 1
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "AOS Designer needs Python 3.11 or newer; $python is $("$python" --version 2>&1)."
    say "Set PYTHON to a newer interpreter, for example: PYTHON=python3.11 ./dev.sh test"
    exit 1
  fi
  install_packages python3-venv
  install_packages "${qt_packages[@]}"
  if [ ! -x "$venv/bin/python" ]; then
    say "Creating the virtual environment in .venv"
    "$python" -m venv "$venv"
  fi
  local stamp="$venv/.aos-designer-installed"
  local wanted
  wanted=$( (cat pyproject.toml setup.py; echo "$extras") | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    say "Installing AOS Designer and its test tools into .venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e ".[$extras]"
    echo "$wanted" >"$stamp"
  fi
}

# Print the absolute path of the template to open: FILE resolved against the folder
# the user ran the script from, or the sample. A FILE that does not exist exits 2.
template_path() {
  if [ $# -eq 0 ]; then
    printf '%s\n' "$root/resources/samples/web-server.yaml"
    return
  fi
  local file=$1
  case "$file" in
    /*) ;;
    *) file="$caller/$file" ;;
  esac
  if [ ! -f "$file" ]; then
    say "$1 was not found (looked for $file); give the path of a template file, or"
    say "no FILE to open the sample template"
    exit 2
  fi
  printf '%s\n' "$file"
}

open_window() {
  local file=$1
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    local program quoted
    program=$(printf '%q' "$venv/bin/aos-designer")
    quoted=$(printf '%q' "$file")
    say "No display was found (DISPLAY and WAYLAND_DISPLAY are not set), so the window"
    say "cannot open here. The same work from the command line:"
    say "  $program validate $quoted"
    say "  $program plan $quoted --stack sample"
    say "  $program deploy $quoted --stack sample"
    say "  $program outputs --stack sample"
    say "  $program $quoted --screenshot window.png   # a picture of the window"
    exit 0
  fi
  if [ -n "${DISPLAY:-}" ]; then
    install_packages "${window_packages[@]}"
  fi
  exec "$venv/bin/aos-designer" "$file"
}

run_tests() {
  export QT_QPA_PLATFORM=offscreen
  if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d)
    chmod 700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
  fi
  exec "$venv/bin/python" -m pytest "$@"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  open)
    [ $# -le 1 ] || { say "usage: ./dev.sh open [FILE]"; exit 2; }
    file=$(template_path "$@")
    setup
    open_window "$file"
    ;;
  test) setup; run_tests "$@" ;;
  *)
    say "usage: ./dev.sh open [FILE] | ./dev.sh test [PYTEST ARGS...]"
    exit 2
    ;;
esac
