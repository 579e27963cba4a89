#!/usr/bin/env bash
# Container chaos run for CI (called by .ci/run as root): builds the images with rootful Podman from a
# locally debootstrapped Debian 12 base (no image registry is reachable), starts docker/compose.yml,
# runs docker/chaos.sh, tears everything down and leaves the host as it found it: containers, images,
# networks, firewall tables, net.ipv4.ip_forward, /etc/containers/containers.conf, Podman's storage.
# Packages it installs (podman, podman-compose, runc, debootstrap, nftables, the CNI dnsname plugin)
# stay installed, as .ci/run's redis packages do.
#
# Environment:
#   CHAOS_REAL_SENTINEL=1   also run the chaos scenarios with the real redis-sentinel in the sentinel
#                           containers (same compose file, SENTINEL_IMAGE = the redis image)
#   JSENTINEL_DOCKER_WORK   work dir (default target/docker in the repository: debootstrap's rootfs,
#                           build logs, timings, the chaos report)
#   DEBIAN_MIRROR           mirror for debootstrap (default: the first one apt is configured with)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"

if [ "$(id -u)" != 0 ]; then
  echo "docker/ci.sh: needs root (rootful Podman, debootstrap, nsenter)" >&2
  exit 1
fi

work="${JSENTINEL_DOCKER_WORK:-$repo/target/docker}"
mkdir -p "$work"
base_image=localhost/jsentinel-base:bookworm
js_image=localhost/jsentinel:ci
redis_image=localhost/jsentinel-redis:ci
network=jsentinel-chaos
subnet=10.89.77.0/24
project=jsentinel
conf=/etc/containers/containers.conf
report="$work/chaos-report.md"
timings="$work/timings.txt"
: > "$timings"

started_at="$(date +%s)"
say() { printf 'docker/ci.sh: %s\n' "$*"; }
# Runs "$@" and records how long it took under the label $1.
timed() {
  local label="$1" t0 rc=0
  shift
  t0="$(date +%s)"
  "$@" || rc=$?
  printf '%-28s %4d s%s\n' "$label" $(( $(date +%s) - t0 )) "$([ "$rc" = 0 ] || echo " (failed: $rc)")" | tee -a "$timings"
  return "$rc"
}

# ---- packages ---------------------------------------------------------------------------------------
install_missing() {
  local missing=() pkg
  for pkg in podman podman-compose runc debootstrap nftables golang-github-containernetworking-plugin-dnsname; do
    if ! dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" = 0 ] && return 0
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created_policy=1
  fi
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
}
timed "install packages" install_missing

# ---- what the host looks like before we touch it ------------------------------------------------------
had_conf=0
if [ -e "$conf" ]; then had_conf=1; cp -p "$conf" "$work/containers.conf.orig"; fi
ip_forward_before="$(cat /proc/sys/net/ipv4/ip_forward)"
nft list ruleset > "$work/nft.before" 2>/dev/null || : > "$work/nft.before"
had_storage=0
[ -d /var/lib/containers/storage ] && had_storage=1
had_bridge=0
ip link show cni-podman0 >/dev/null 2>&1 && had_bridge=1
ls -1 /etc/cni/net.d 2>/dev/null | sort > "$work/cni.before" || true
podman images -a -q --no-trunc 2>/dev/null | sort -u > "$work/images.before" || true
podman ps -a -q --no-trunc --external 2>/dev/null | sort -u > "$work/containers.before" || true
if podman network exists "$network" 2>/dev/null; then
  say "network $network already exists: not mine, refusing to touch it" >&2
  exit 1
fi
for c in redis-master redis-replica1 redis-replica2 sentinel1 sentinel2 sentinel3; do
  if podman container exists "$c" 2>/dev/null; then
    say "a container named $c already exists: not mine, refusing to touch it" >&2
    exit 1
  fi
done

compose() {
  podman-compose -p "$project" -f "$repo/docker/compose.yml" "$@"
}

teardown() {
  local rc=$? leftovers=0 id
  set +e
  say "tearing down"
  if [ "$rc" != 0 ]; then
    for c in sentinel1 sentinel2 sentinel3; do
      podman logs --tail 40 "$c" 2>&1 | sed "s/^/  $c | /"
    done
  fi
  compose down >/dev/null 2>&1
  for c in redis-master redis-replica1 redis-replica2 sentinel1 sentinel2 sentinel3; do
    podman rm -f "$c" >/dev/null 2>&1
  done
  # Build containers left by an interrupted build, and every other container we created.
  podman ps -a -q --no-trunc --external 2>/dev/null | sort -u | comm -13 "$work/containers.before" - |
    while read -r id; do podman rm -f "$id" >/dev/null 2>&1; done
  podman network rm -f "$network" >/dev/null 2>&1
  podman images -a -q --no-trunc 2>/dev/null | sort -u | comm -13 "$work/images.before" - > "$work/images.new"
  if [ -s "$work/images.new" ]; then
    # Children before parents: newest first.
    podman rmi -f $(podman images -a -q --no-trunc --sort created 2>/dev/null | tac | grep -Fx -f "$work/images.new") >/dev/null 2>&1
    podman rmi -f $(cat "$work/images.new") >/dev/null 2>&1
  fi
  if [ "$had_storage" = 0 ]; then
    podman system reset --force >/dev/null 2>&1
    rm -rf /var/lib/containers /run/containers /run/libpod
  fi
  if [ "$had_bridge" = 0 ] && ip link show cni-podman0 >/dev/null 2>&1; then
    ip link delete cni-podman0
  fi
  ls -1 /etc/cni/net.d 2>/dev/null | sort | comm -13 "$work/cni.before" - | while read -r f; do
    rm -f "/etc/cni/net.d/$f"
  done
  # The CNI plugins leave iptables(-nft) chains and NAT rules: put the ruleset back as it was.
  nft list ruleset > "$work/nft.after" 2>/dev/null
  if ! cmp -s "$work/nft.before" "$work/nft.after"; then
    nft flush ruleset && nft -f "$work/nft.before"
  fi
  echo "$ip_forward_before" > /proc/sys/net/ipv4/ip_forward
  if [ "$had_conf" = 1 ]; then cp -p "$work/containers.conf.orig" "$conf"; else rm -f "$conf"; fi

  # Check, rather than hope, that nothing is left.
  nft list ruleset > "$work/nft.after" 2>/dev/null
  cmp -s "$work/nft.before" "$work/nft.after" || { say "LEFTOVER: nft ruleset differs"; leftovers=1; }
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$ip_forward_before" ] || { say "LEFTOVER: ip_forward"; leftovers=1; }
  if [ "$had_conf" = 1 ]; then
    cmp -s "$work/containers.conf.orig" "$conf" || { say "LEFTOVER: $conf differs"; leftovers=1; }
  elif [ -e "$conf" ]; then
    say "LEFTOVER: $conf"; leftovers=1
  fi
  if [ "$had_storage" = 0 ] && [ -e /var/lib/containers/storage ]; then say "LEFTOVER: /var/lib/containers"; leftovers=1; fi
  if [ "$had_bridge" = 0 ] && ip link show cni-podman0 >/dev/null 2>&1; then say "LEFTOVER: cni-podman0"; leftovers=1; fi
  if ip -o link show | grep -q 'cni-podman[1-9]'; then say "LEFTOVER: $(ip -o link show | grep -o 'cni-podman[0-9]*' | tr '\n' ' ')"; leftovers=1; fi
  if command -v podman >/dev/null && [ -d /var/lib/containers/storage ]; then
    podman images -a -q --no-trunc | sort -u | comm -13 "$work/images.before" - | grep -q . && { say "LEFTOVER: images"; leftovers=1; }
    podman ps -a -q --no-trunc --external | sort -u | comm -13 "$work/containers.before" - | grep -q . && { say "LEFTOVER: containers"; leftovers=1; }
  fi
  if pgrep -x dnsmasq >/dev/null && pgrep -a dnsmasq | grep -q "$network"; then say "LEFTOVER: dnsmasq for $network"; leftovers=1; fi
  say "total $(( $(date +%s) - started_at )) s"
  cat "$timings"
  if [ "$rc" = 0 ] && [ "$leftovers" != 0 ]; then rc=1; fi
  [ "$leftovers" = 0 ] && say "host left as found"
  exit "$rc"
}
trap teardown EXIT

# ---- Podman settings that work here: runc (the default runtime is missing), ulimits the sandbox allows
cat > "$conf" <<'EOF'
# Written by jsentinel's docker/ci.sh for the duration of its run; restored afterwards.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF

# ---- base image: Debian 12 minbase, debootstrapped from apt's own mirror ---------------------------------
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$( (grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
              grep -v security | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }';
              grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | awk '{ print $2 }') | head -1)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"
# Everything the two images need is included here, so that their Dockerfiles find java and redis
# installed and skip their own apt-get steps: one dpkg run instead of three, and two fewer big layers.
# Two stages so that dpkg can run with force-unsafe-io (no fsync per file: a crash is simply rerun).
base_packages=openjdk-17-jre-headless,redis-server,redis-tools,redis-sentinel
build_base() {
  local rootfs="$work/rootfs"
  if [ ! -f "$rootfs/.jsentinel-complete" ]; then
    rm -rf "$rootfs"
    debootstrap --foreign --variant=minbase --include="$base_packages" bookworm "$rootfs" "$mirror" \
      > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; return 1; }
    echo force-unsafe-io > "$rootfs/etc/dpkg/dpkg.cfg.d/zz-jsentinel-unsafe-io"
    chroot "$rootfs" /debootstrap/debootstrap --second-stage >> "$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log"; return 1; }
    rm -f "$rootfs/etc/dpkg/dpkg.cfg.d/zz-jsentinel-unsafe-io" "$rootfs/var/cache/apt/archives/"*.deb
    touch "$rootfs/.jsentinel-complete"
  fi
  tar --exclude ./.jsentinel-complete -C "$rootfs" -c . | podman import -q - "$base_image" >/dev/null
}
say "debootstrap from $mirror"
timed "debootstrap + import base" build_base

# ---- images ------------------------------------------------------------------------------------------
jar="$repo/sentinel-server/target/redis-sentinel.jar"
if [ ! -f "$jar" ]; then
  timed "maven package (jar)" mvn -q -B -o -pl sentinel-server -am package -DskipTests
fi
# The Maven stage of docker/Dockerfile cannot run here: the build container reaches Maven Central's
# address, but not through this machine's TLS setup, so the image takes the jar built on the host.
build_images() {
  podman build -q --format docker -f docker/redis.Dockerfile --ignorefile docker/Dockerfile.dockerignore \
    --build-arg BASE_IMAGE="$base_image" -t "$redis_image" . > "$work/build-redis.log" 2>&1 &
  local redis_pid=$! rc=0
  podman build -q --format docker -f docker/Dockerfile --target runtime-from-host-jar \
    --ignorefile docker/Dockerfile.dockerignore \
    --build-arg RUNTIME_IMAGE="$base_image" --build-arg BUILD_IMAGE="$base_image" \
    -t "$js_image" . > "$work/build-jsentinel.log" 2>&1 || { rc=1; tail -30 "$work/build-jsentinel.log"; }
  wait "$redis_pid" || { rc=1; tail -30 "$work/build-redis.log"; }
  return "$rc"
}
timed "podman build (both images)" build_images

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
