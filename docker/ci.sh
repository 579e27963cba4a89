#!/usr/bin/env bash
# Container chaos run for CI (called by .ci/run as root): builds the images with rootful Podman from a
# locally debootstrapped Debian 12 base (no image registry is reachable), starts docker/compose.yml,
# runs docker/chaos.sh, tears everything down and leaves the host as it found it: containers, images,
# networks, firewall tables, net.ipv4.ip_forward, /etc/containers/containers.conf, Podman's storage.
# Packages it installs (podman, podman-compose, runc, debootstrap, nftables, the CNI dnsname plugin)
# stay installed, as .ci/run's redis packages do. Those steps live in docker/lib.sh, shared with
# docker/churn.sh.
#
# Environment:
#   CHAOS_REAL_SENTINEL=1   also run the chaos scenarios with the real redis-sentinel in the sentinel
#                           containers (same compose file, SENTINEL_IMAGE = the redis image)
#   JSENTINEL_DOCKER_WORK   work dir (default target/docker in the repository: debootstrap's rootfs,
#                           build logs, timings, the chaos report)
#   DEBIAN_MIRROR           mirror for debootstrap (default: the first one apt is configured with)
#   JSENTINEL_CHURN=0       skip docker/churn.sh's jsentinel row with the forgetting rule on (run by default,
#                           on the images built here); JSENTINEL_CHURN_FORGET_MS (15000),
#                           JSENTINEL_CHURN_ROUNDS (10) tune it
set -euo pipefail

JD_NAME=docker/ci.sh
JD_NETWORKS=jsentinel-chaos
JD_CONTAINERS="redis-master redis-replica1 redis-replica2 sentinel1 sentinel2 sentinel3"
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
jd_init
network=jsentinel-chaos
subnet=10.89.77.0/24
project=jsentinel
report="$work/chaos-report.md"

compose() {
  podman-compose -p "$project" -f "$repo/docker/compose.yml" "$@"
}

jd_on_failure() {
  local c
  for c in sentinel1 sentinel2 sentinel3; do
    podman container exists "$c" 2>/dev/null || continue
    podman logs --tail 40 "$c" 2>&1 | sed "s/^/  $c | /"
  done
  compose down >/dev/null 2>&1
}

jd_prepare

# ---- compose up, chaos, down ---------------------------------------------------------------------------
# podman-compose 1.0.3 ignores ipam and ipv4_address: create the network with its subnet first (it
# is then used as is), the containers get addresses from it and find each other by name.
podman network create --subnet "$subnet" "$network" >/dev/null

echo "| sentinels | scenario | master → new master | failover (s) | back to full strength (s) | result |" > "$report"
echo "|---|---|---|---|---|---|" >> "$report"

run_chaos() {
  local label="$1" image="$2"
  export REDIS_IMAGE="$redis_image" JSENTINEL_IMAGE="$js_image" SENTINEL_IMAGE="$image"
  compose up -d > "$work/compose-up-$label.log" 2>&1 || { cat "$work/compose-up-$label.log"; return 1; }
  CHAOS_REPORT="$report" CHAOS_LABEL="$label" bash docker/chaos.sh
  local rc=$?
  for c in sentinel1 sentinel2 sentinel3; do podman logs "$c" > "$work/$label-$c.log" 2>&1; done
  compose down > "$work/compose-down-$label.log" 2>&1
  return "$rc"
}
timed "chaos (jsentinel)" run_chaos jsentinel "$js_image"
if [ "${CHAOS_REAL_SENTINEL:-0}" = 1 ]; then
  timed "chaos (redis-sentinel)" run_chaos redis-sentinel "$redis_image"
fi
cat "$report"

# Stale entries after containers come back at new addresses (docker/churn.sh, docs/churn.md): the
# jsentinel row with `sentinel forget-stale-after-milliseconds`, which fails unless every sentinel ends
# up listing exactly the live peers and replicas and the master kill fails over in time.
if [ "${JSENTINEL_CHURN:-1}" = 1 ]; then
  timed "churn (jsentinel, rule on)" bash docker/churn.sh --images-ready --sentinel jsentinel --ids new \
    --rounds "${JSENTINEL_CHURN_ROUNDS:-10}" --forget-after-ms "${JSENTINEL_CHURN_FORGET_MS:-15000}"
fi
