#!/usr/bin/env bash
# Installs what the tests need from the system's package manager when it is missing:
# Debian's Chromium (Playwright and kaleido drive it) and a CJK font (charts, screenshots).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件：${need[*]}。请用系统的包管理器安装 Chromium 和中文字体（如 Noto Sans CJK）。" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "正在安装系统软件：${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
