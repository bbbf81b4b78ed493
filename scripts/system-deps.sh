#!/usr/bin/env bash
# Install the Debian packages a profile needs, only those missing, so repeat runs are fast.
#   scripts/system-deps.sh run    what `make run` needs
#   scripts/system-deps.sh test   what `make test` needs too (browser, PostgreSQL, fonts, nginx, tools)
#   scripts/system-deps.sh bench  what `make bench` needs too (wrk, nginx, mosquitto_sub)
set -euo pipefail
profile=${1:-run}
pkgs=(gettext fonts-liberation2)  # fonts: PDF reports in Times-metric Liberation Serif
# OCR of scans and page photos at import: Tesseract with the Vietnamese model;
# tesseract-ocr pulls in the orientation model (osd) used for pages on their side.
pkgs+=(tesseract-ocr tesseract-ocr-vie)
# Loudspeaker bulletins: Vietnamese speech offline (espeak-ng), probing, loudness
# normalisation and MP3 encoding of rendered and uploaded audio (ffmpeg, ffprobe).
pkgs+=(espeak-ng ffmpeg)
# Devices' push channel: the MQTT broker with its dynamic-security plugin (make run and
# the tests start their own on loopback; the package has mosquitto_ctrl too).
pkgs+=(mosquitto)
if [ "$profile" = test ] || [ "$profile" = bench ]; then
  pkgs+=(chromium postgresql poppler-utils fonts-noto-core fonts-liberation2
         redis-server
         nginx-light openssl)  # the production test serves behind deploy/nginx.conf over TLS
  # The reference device client's real player (clients/tincoso-device/.../player.py):
  # its test plays generated WAV and OGG with --ao=null (a box installs mpv itself).
  pkgs+=(mpv)
fi
if [ "$profile" = bench ]; then
  pkgs+=(wrk nginx-light mosquitto-clients)  # mosquitto_sub: the acks a fan-out bench times
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
