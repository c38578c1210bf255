#!/usr/bin/env bash
# Install Debian's nginx when it is missing: tests/deploy/ runs deploy/nginx.conf in front of gunicorn.
# Only the binary is used; the package's own service is left stopped.
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # policy-rc.d 101: do not start the packaged service (it would take port 80).
  echo 'exit 101' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi
PATH="$PATH:/usr/sbin" nginx -v
