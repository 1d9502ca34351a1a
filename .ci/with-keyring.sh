#!/usr/bin/env bash
# Runs a command on a private session bus whose Secret Service (gnome-keyring) always comes up
# unlocked, with its keyring in a fresh folder. The bus starts the daemon on demand from our own
# service file, so if the daemon goes away mid-run (it did once in CI, with the reason unknown),
# the next request brings it back unlocked instead of a locked stand-in that wants a password prompt.
set -euo pipefail
keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/pinlist-ci-keyring.XXXXXX")"
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/services" "$keyring_home/data"

cat >"$keyring_home/unlocked-keyring" <<SCRIPT
#!/bin/sh
export XDG_DATA_HOME="$keyring_home/data"
printf pw | exec gnome-keyring-daemon --foreground --unlock --components=secrets
SCRIPT
chmod +x "$keyring_home/unlocked-keyring"

cat >"$keyring_home/services/org.freedesktop.secrets.service" <<SERVICE
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=$keyring_home/unlocked-keyring
SERVICE

# Our service directory is listed before the system's, so it wins for org.freedesktop.secrets.
cat >"$keyring_home/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <servicedir>$keyring_home/services</servicedir>
  <include>/usr/share/dbus-1/session.conf</include>
</busconfig>
CONF

export PINLIST_CI_KEYRING_DATA="$keyring_home/data"
dbus-run-session --config-file="$keyring_home/session.conf" -- sh -c '
  # Start the daemon now and wait for its login keyring, so no request races its creation.
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null
  tries=0
  until [ -f "$PINLIST_CI_KEYRING_DATA/keyrings/login.keyring" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then echo "gnome-keyring created no login keyring" >&2; exit 1; fi
    sleep 0.1
  done
  exec "$@"
' with-keyring "$@"
