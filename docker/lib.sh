# Shared parts of docker/ci.sh and docker/churn.sh (sourced, not run): packages, a record of the host's
# state, Podman settings, the debootstrapped base image, both images, and the teardown that puts the
# host back as it was (containers, volumes, networks, images, Podman storage, CNI files, the nft
# ruleset, net.ipv4.ip_forward, /etc/containers/containers.conf) and checks that it did.
#
# The caller sets JD_NAME (its name in messages), may set JD_NETWORKS (networks it creates) and
# JD_CONTAINERS (container names it uses: refused if they already exist), may define jd_on_failure
# (called by the teardown before cleaning up when the run failed), then calls, in order:
#   jd_init, then jd_prepare (lock, trap jd_teardown EXIT, packages, record the host, containers.conf,
#   base image, jar if missing, both images).
# Environment: JSENTINEL_DOCKER_WORK (work dir, default target/docker of the repository), DEBIAN_MIRROR.

jd_init() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  repo="$(pwd)"
  if [ "$(id -u)" != 0 ]; then
    echo "$JD_NAME: needs root (rootful Podman, debootstrap, nsenter)" >&2
    exit 1
  fi
  work="${JSENTINEL_DOCKER_WORK:-$repo/target/docker}"
  mkdir -p "$work"
  base_image=localhost/jsentinel-base:bookworm
  js_image=localhost/jsentinel:ci
  redis_image=localhost/jsentinel-redis:ci
  conf=/etc/containers/containers.conf
  timings="$work/timings.txt"
  # A nested run (churn.sh --images-ready under ci.sh) appends to its caller's timings.
  [ "${JD_KEEP_TIMINGS:-0}" = 1 ] || : > "$timings"
  started_at="$(date +%s)"
}

say() { printf '%s: %s\n' "$JD_NAME" "$*"; }

# Runs "$@" and records how long it took under the label $1.
timed() {
  local label="$1" t0 rc=0
  shift
  t0="$(date +%s)"
  "$@" || rc=$?
  printf '%-28s %4d s%s\n' "$label" $(( $(date +%s) - t0 )) "$([ "$rc" = 0 ] || echo " (failed: $rc)")" | tee -a "$timings"
  return "$rc"
}

# One run at a time on this host: ci.sh and churn.sh both snapshot and restore host-wide state (the nft
# ruleset, Podman storage), which two overlapping runs would undo for each other. Fails at once rather
# than waiting. The lock file lives in /run/lock and is removed by the teardown.
jd_lock_file=/run/lock/jsentinel-docker.lock
jd_lock() {
  mkdir -p /run/lock
  exec 9>>"$jd_lock_file"
  if ! flock -n 9; then
    say "another docker/ci.sh or docker/churn.sh run holds $jd_lock_file (pid $(cat "$jd_lock_file" 2>/dev/null)); not starting" >&2
    exit 1
  fi
  # The file may have been unlinked by a run that ended between our open and our lock: lock it again.
  if [ "$(stat -L -c %i /proc/self/fd/9)" != "$(stat -c %i "$jd_lock_file" 2>/dev/null)" ]; then
    exec 9>&-
    jd_lock
    return
  fi
  echo $$ > "$jd_lock_file"
  jd_locked=1
}

# ---- packages ---------------------------------------------------------------------------------------
# Packages installed here (podman, podman-compose, runc, debootstrap, nftables, the CNI dnsname plugin)
# stay installed, as .ci/run's redis packages do.
jd_install_missing() {
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

# ---- what the host looks like before we touch it ------------------------------------------------------
jd_record_host() {
  local c n
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
  podman volume ls -q 2>/dev/null | sort -u > "$work/volumes.before" || true
  for n in ${JD_NETWORKS:-}; do
    if podman network exists "$n" 2>/dev/null; then
      say "network $n already exists: not mine, refusing to touch it" >&2
      exit 1
    fi
  done
  for c in ${JD_CONTAINERS:-}; do
    if podman container exists "$c" 2>/dev/null; then
      say "a container named $c already exists: not mine, refusing to touch it" >&2
      exit 1
    fi
  done
  jd_recorded=1
}

jd_teardown() {
  local rc=$? leftovers=0 id n
  set +e
  if [ "${jd_recorded:-0}" != 1 ]; then
    [ "${jd_locked:-0}" = 1 ] && rm -f "$jd_lock_file"
    exit "$rc"
  fi
  say "tearing down"
  if [ "$rc" != 0 ] && declare -F jd_on_failure >/dev/null; then jd_on_failure; fi
  # Every container we created (build containers left by an interrupted build too), then our
  # networks and volumes.
  podman ps -a -q --no-trunc --external 2>/dev/null | sort -u | comm -13 "$work/containers.before" - |
    while read -r id; do podman rm -f -t 0 "$id" >/dev/null 2>&1; done
  for n in ${JD_NETWORKS:-}; do podman network rm -f "$n" >/dev/null 2>&1; done
  podman volume ls -q 2>/dev/null | sort -u | comm -13 "$work/volumes.before" - |
    while read -r n; do podman volume rm -f "$n" >/dev/null 2>&1; done
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
  ls -1 /etc/cni/net.d 2>/dev/null | sort | comm -13 "$work/cni.before" - | while read -r n; do
    rm -f "/etc/cni/net.d/$n"
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
    podman volume ls -q | sort -u | comm -13 "$work/volumes.before" - | grep -q . && { say "LEFTOVER: volumes"; leftovers=1; }
    for n in ${JD_NETWORKS:-}; do
      podman network exists "$n" 2>/dev/null && { say "LEFTOVER: network $n"; leftovers=1; }
    done
  fi
  for n in ${JD_NETWORKS:-}; do
    if pgrep -x dnsmasq >/dev/null && pgrep -a dnsmasq | grep -q "$n"; then say "LEFTOVER: dnsmasq for $n"; leftovers=1; fi
  done
  say "total $(( $(date +%s) - started_at )) s"
  cat "$timings"
  if [ "$rc" = 0 ] && [ "$leftovers" != 0 ]; then rc=1; fi
  [ "$leftovers" = 0 ] && say "host left as found"
  [ "${jd_locked:-0}" = 1 ] && rm -f "$jd_lock_file"
  exit "$rc"
}

# ---- Podman settings that work here: runc (the default runtime is missing), ulimits the sandbox allows
jd_write_containers_conf() {
  cat > "$conf" <<'EOF'
# Written by jsentinel's docker/ci.sh or docker/churn.sh for the duration of its run; restored afterwards.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF
}

# ---- base image: Debian 12 minbase, debootstrapped from apt's own mirror ---------------------------------
# Everything the two images need is included here, so that their Dockerfiles find java and redis
# installed and skip their own apt-get steps: one dpkg run instead of three, and two fewer big layers.
# Two stages so that dpkg can run with force-unsafe-io (no fsync per file: a crash is simply rerun).
jd_base_packages=openjdk-17-jre-headless,redis-server,redis-tools,redis-sentinel
jd_debian_mirror() {
  local mirror="${DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    mirror="$( (grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                grep -v security | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }';
                grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | awk '{ print $2 }') | head -1)"
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}
jd_build_base() {
  local rootfs="$work/rootfs" mirror
  mirror="$(jd_debian_mirror)"
  if [ ! -f "$rootfs/.jsentinel-complete" ]; then
    say "debootstrap from $mirror"
    rm -rf "$rootfs"
    debootstrap --foreign --variant=minbase --include="$jd_base_packages" bookworm "$rootfs" "$mirror" \
      > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; return 1; }
    echo force-unsafe-io > "$rootfs/etc/dpkg/dpkg.cfg.d/zz-jsentinel-unsafe-io"
    chroot "$rootfs" /debootstrap/debootstrap --second-stage >> "$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log"; return 1; }
    rm -f "$rootfs/etc/dpkg/dpkg.cfg.d/zz-jsentinel-unsafe-io" "$rootfs/var/cache/apt/archives/"*.deb
    # The second stage unmounts the /proc it mounted in the chroot only if nothing holds it at that
    # moment (a process elsewhere on the host walking the tree is enough to keep it busy): detach it.
    if mountpoint -q "$rootfs/proc"; then umount -l "$rootfs/proc"; fi
    touch "$rootfs/.jsentinel-complete"
  fi
  # --one-file-system: a /proc or /sys left mounted in the rootfs stays out of the image.
  tar --one-file-system --exclude ./.jsentinel-complete -C "$rootfs" -c . | podman import -q - "$base_image" >/dev/null
}

# ---- images ------------------------------------------------------------------------------------------
# The Maven stage of docker/Dockerfile cannot run here: the build container reaches Maven Central's
# address, but not through this machine's TLS setup, so the image takes the jar built on the host.
jd_build_jar_if_missing() {
  if [ ! -f "$repo/sentinel-server/target/redis-sentinel.jar" ]; then
    timed "maven package (jar)" mvn -q -B -o -pl sentinel-server -am package -DskipTests
  fi
}
jd_build_images() {
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

# The lock, the teardown, packages, the host record, Podman's settings and the base image: what every script
# here needs before images of its own.
jd_prepare_base() {
  jd_lock
  trap jd_teardown EXIT
  timed "install packages" jd_install_missing
  jd_record_host
  jd_write_containers_conf
  timed "debootstrap + import base" jd_build_base
}

# Everything up to both images, for a caller that has set JD_* and jd_on_failure.
jd_prepare() {
  jd_prepare_base
  jd_build_jar_if_missing
  timed "podman build (both images)" jd_build_images
}
