#!/bin/bash
# Healthcheck: PING the local sentinel (or redis-server) and expect +PONG, with no redis-cli needed.
# Port: $1, else $SENTINEL_PORT, else 26379. Sends AUTH first when $REDIS_PING_PASSWORD is set.
port="${1:-${SENTINEL_PORT:-26379}}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
if [ -n "${REDIS_PING_PASSWORD:-}" ]; then
  printf 'AUTH %s\r\n' "$REDIS_PING_PASSWORD" >&3
  IFS= read -r -t 2 reply <&3 || exit 1
fi
printf 'PING\r\n' >&3
IFS= read -r -t 2 reply <&3 || exit 1
[ "${reply%$'\r'}" = "+PONG" ]
