#!/bin/sh
# Starts a sentinel (jsentinel, or the real redis-sentinel when that is what is on PATH) on a writable
# config in /data. The config is, in order of preference:
#   /data/sentinel.conf               kept from an earlier run (a sentinel rewrites its own config)
#   /etc/jsentinel/sentinel.conf      a mounted file, copied (the mount may be read-only)
#   generated from the environment:
#     SENTINEL_MASTER_HOST (required), SENTINEL_MASTER_PORT (6379), SENTINEL_MASTER_NAME (mymaster),
#     SENTINEL_QUORUM (2), SENTINEL_AUTH_PASS or SENTINEL_AUTH_PASS_FILE, SENTINEL_DOWN_AFTER_MS (5000),
#     SENTINEL_FAILOVER_TIMEOUT_MS (60000), SENTINEL_PORT (26379), SENTINEL_HOSTNAMES (yes: both
#     resolve-hostnames and announce-hostnames), SENTINEL_ANNOUNCE_IP (with hostnames: this
#     container's hostname), SENTINEL_FORGET_STALE_AFTER_MS (when set: `sentinel
#     forget-stale-after-milliseconds <ms>`, jsentinel only; the real redis-sentinel refuses it).
# Arguments are passed to redis-sentinel (e.g. --loglevel verbose); a first argument that is not an
# option is run as a command instead (e.g. `sh`).
set -eu

case "${1:-}" in
  ''|-*) ;;
  *) exec "$@" ;;
esac

conf=/data/sentinel.conf
if [ ! -s "$conf" ]; then
  if [ -f /etc/jsentinel/sentinel.conf ]; then
    cp /etc/jsentinel/sentinel.conf "$conf"
  else
    : "${SENTINEL_MASTER_HOST:?set SENTINEL_MASTER_HOST (or mount /etc/jsentinel/sentinel.conf)}"
    name="${SENTINEL_MASTER_NAME:-mymaster}"
    hostnames="${SENTINEL_HOSTNAMES:-yes}"
    pass="${SENTINEL_AUTH_PASS:-}"
    if [ -n "${SENTINEL_AUTH_PASS_FILE:-}" ]; then
      pass="$(cat "$SENTINEL_AUTH_PASS_FILE")"
    fi
    announce="${SENTINEL_ANNOUNCE_IP:-}"
    if [ -z "$announce" ] && [ "$hostnames" = yes ]; then
      announce="$(hostname)"
    fi
    umask 077
    {
      echo "port ${SENTINEL_PORT:-26379}"
      echo "dir /data"
      echo "sentinel resolve-hostnames $hostnames"
      echo "sentinel announce-hostnames $hostnames"
      if [ -n "${SENTINEL_FORGET_STALE_AFTER_MS:-}" ]; then
        echo "sentinel forget-stale-after-milliseconds $SENTINEL_FORGET_STALE_AFTER_MS"
      fi
      if [ -n "$announce" ]; then echo "sentinel announce-ip $announce"; fi
      echo "sentinel monitor $name $SENTINEL_MASTER_HOST ${SENTINEL_MASTER_PORT:-6379} ${SENTINEL_QUORUM:-2}"
      if [ -n "$pass" ]; then echo "sentinel auth-pass $name $pass"; fi
      echo "sentinel down-after-milliseconds $name ${SENTINEL_DOWN_AFTER_MS:-5000}"
      echo "sentinel failover-timeout $name ${SENTINEL_FAILOVER_TIMEOUT_MS:-60000}"
      echo "sentinel parallel-syncs $name 1"
    } > "$conf"
  fi
fi

# `sentinel monitor` with a hostname fails at load time if the name does not resolve yet (the master
# container may start later, and container DNS can lag a restart by seconds): wait for it.
host="$(awk '$1 == "sentinel" && $2 == "monitor" { print $4; exit }' "$conf")"
if [ -n "$host" ]; then
  tries=0
  until getent hosts "$host" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "sentinel-entrypoint: $host does not resolve after 30 s; starting anyway" >&2
      break
    fi
    sleep 0.5
  done
fi

exec redis-sentinel "$conf" "$@"
