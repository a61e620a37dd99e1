#!/usr/bin/env bash
# What the tests need from Debian: Chromium (browser tests), PostgreSQL and Redis (scale-out tests),
# espeak-ng and sox (the panels' Spanish voice). Installed only when missing; needs root.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Faltan paquetes del sistema: ${need[*]}. Instálelos como root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Instalando ${need[*]}…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the packaged services; the tests run their own throwaway servers instead.
for service in postgresql redis-server; do
  (command -v systemctl >/dev/null && systemctl stop "$service") >/dev/null 2>&1 || true
  service "$service" stop >/dev/null 2>&1 || true
done
