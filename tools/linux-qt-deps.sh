#!/usr/bin/env bash
# Linux only: the system libraries Qt's xcb plugin needs to open a window (see docs).
# Installs them when run as root with apt-get; otherwise says which command to run.
set -u
[ "$(uname -s)" = Linux ] || exit 0
plugin=$("$1" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')
missing=$(ldd "$plugin" 2>/dev/null | grep -c "not found"; true)
ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0 || missing=$((missing + 1))
[ "$missing" -eq 0 ] && exit 0
PKGS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing the system libraries Qt needs to open a window: $PKGS"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PKGS >/dev/null
else
    echo "Qt needs system libraries to open a window. Install them, then run make run again:" >&2
    echo "  sudo apt-get install $PKGS" >&2
    exit 1
fi
