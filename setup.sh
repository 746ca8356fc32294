#!/bin/sh
# Installs everything shenbao needs on a fresh Debian/Ubuntu machine, as root or as a
# user with sudo: the system packages (LibreOffice for .doc/.wps and the corpus PDFs,
# CJK fonts, Chromium for the page tests, python3-venv) and a virtual environment in
# ./.venv holding shenbao and its test tools. Debian's system Python refuses
# `pip install` (externally-managed-environment); the venv is the supported way.
set -eu
cd "$(dirname "$0")"
if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends python3 python3-venv python3-pip \
    libreoffice-writer-nogui fonts-noto-cjk chromium chromium-driver
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -e '.[dev]'
echo "shenbao 已安装在虚拟环境 $(pwd)/.venv 中：运行 .venv/bin/shenbao --help，或先执行 . .venv/bin/activate"
