#!/usr/bin/env bash
# Chaos runs against the compose setup (docker/compose.yml, already up): kills, pauses and cuts off
# containers, and checks every failover with redis-cli: all sentinels agree on a new master, it has
# the master role, the old master comes back as its replica, writes reach every replica, and every
# address the sentinels report is a hostname (announce-hostnames), never an IP.
#
# Needs: podman (or ENGINE=docker for kill/pause/start), redis-cli and timeout on this host, nsenter and
# nft for the partition (run as root). The host talks to the containers' addresses on the private
# bridge network; the containers talk to each other by name.
#
# Environment: ENGINE (podman), REDIS_PASSWORD (chaos-test-password), CHAOS_LIMIT_S (60: how long one
# failover or recovery may take), CHAOS_REPORT (a file: one markdown table row per scenario is
# appended), CHAOS_LABEL (first column of those rows), CHAOS_SCENARIOS (default: all, in order:
# kill pause partition sentinel-down).
set -uo pipefail

ENGINE="${ENGINE:-podman}"
PASSWORD="${REDIS_PASSWORD:-chaos-test-password}"
NAME=mymaster
LIMIT_S="${CHAOS_LIMIT_S:-60}"
LABEL="${CHAOS_LABEL:-jsentinel}"
SCENARIOS="${CHAOS_SCENARIOS:-kill pause partition sentinel-down}"
SENTINELS=(sentinel1 sentinel2 sentinel3)
REDIS_NODES=(redis-master redis-replica1 redis-replica2)
NFT_TABLE=jsentinel_chaos

passed=0
failed=0

# Podman without systemd complains at every start that it cannot schedule healthchecks: drop that line.
eng() {
  "$ENGINE" "$@" 2>&1 >/dev/null | grep -v 'unable to get systemd connection' >&2
  return "${PIPESTATUS[0]}"
}

log() { printf '%s chaos: %s\n' "$(date +%H:%M:%S.%3N)" "$*"; }
now_ms() { date +%s%3N; }
fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

ip_of() {
  "$ENGINE" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1" 2>/dev/null
}

# redis-cli against a sentinel or a redis node, by container name; never hangs on a paused peer.
scli() {
  local c="$1" ip
  shift
  ip="$(ip_of "$c")" || return 1
  [ -n "$ip" ] || return 1
  timeout 3 redis-cli -h "$ip" -p 26379 "$@" 2>/dev/null
}
rcli() {
  local c="$1" ip
  shift
  ip="$(ip_of "$c")" || return 1
  [ -n "$ip" ] || return 1
  timeout 3 redis-cli --no-auth-warning -a "$PASSWORD" -h "$ip" -p 6379 "$@" 2>/dev/null
}

is_ip() { [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ || "$1" == *:*:* ]]; }
is_node() { local n; for n in "${REDIS_NODES[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }

# The master as one sentinel sees it (a hostname), or nothing.
master_of() { scli "$1" SENTINEL get-master-addr-by-name "$NAME" | head -1; }

# Waits until condition "$@" holds, for at most LIMIT_S seconds.
wait_for() {
  local deadline=$(( $(now_ms) + LIMIT_S * 1000 ))
  until "$@"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.2
  done
}

# All sentinels in $live_sentinels report one master, other than $old_master, that is a hostname of
# ours and answers ROLE with "master".
failed_over() {
  local s m first=""
  for s in $live_sentinels; do
    m="$(master_of "$s")"
    [ -n "$m" ] && [ "$m" != "$old_master" ] || return 1
    if [ -z "$first" ]; then first="$m"; elif [ "$m" != "$first" ]; then return 1; fi
  done
  is_node "$first" || return 1
  [ "$(rcli "$first" ROLE | head -1)" = master ] || return 1
  new_master="$first"
}

# Everything back in order around $new_master: the two other nodes are its replicas with a live link,
# every sentinel knows the master, both replicas (not down) and the two other sentinels, all by
# hostname, and a write reaches both replicas.
converged() {
  local s n info replicas sentinels
  for n in "${REDIS_NODES[@]}"; do
    [ "$n" = "$new_master" ] && continue
    info="$(rcli "$n" INFO replication)" || return 1
    grep -q "^master_host:$new_master" <<<"$info" || return 1
    grep -q '^master_link_status:up' <<<"$info" || return 1
  done
  for s in "${SENTINELS[@]}"; do
    [ "$(master_of "$s")" = "$new_master" ] || return 1
    replicas="$(scli "$s" SENTINEL replicas "$NAME")" || return 1
    # name/ip/port/... pairs, one per line: check every ip field and every flags field.
    awk 'prev == "ip" { print } { prev = $0 }' <<<"$replicas" | sort > /tmp/chaos.$$.ips
    [ "$(wc -l < /tmp/chaos.$$.ips)" = 2 ] || return 1
    while read -r n; do is_node "$n" && [ "$n" != "$new_master" ] || return 1; done < /tmp/chaos.$$.ips
    if awk 'prev == "flags" { print } { prev = $0 }' <<<"$replicas" | grep -q 'down\|disconnected'; then
      return 1
    fi
    sentinels="$(scli "$s" SENTINEL sentinels "$NAME")" || return 1
    awk 'prev == "ip" { print } { prev = $0 }' <<<"$sentinels" > /tmp/chaos.$$.ips
    [ "$(wc -l < /tmp/chaos.$$.ips)" = 2 ] || return 1
    while read -r n; do ! is_ip "$n" || return 1; done < /tmp/chaos.$$.ips
    if awk 'prev == "flags" { print } { prev = $0 }' <<<"$sentinels" | grep -q 'down\|disconnected'; then
      return 1
    fi
  done
  write_reaches_replicas
}

no_tilt() {
  local s
  for s in "${SENTINELS[@]}"; do
    scli "$s" INFO sentinel | grep -q '^sentinel_tilt:0' || return 1
  done
}

write_reaches_replicas() {
  local key="chaos:$scenario" value n
  value="$(now_ms)"
  [ "$(rcli "$new_master" SET "$key" "$value")" = OK ] || return 1
  [ "$(rcli "$new_master" WAIT 2 2000)" = 2 ] || return 1
  for n in "${REDIS_NODES[@]}"; do
    [ "$n" = "$new_master" ] && continue
    [ "$(rcli "$n" GET "$key")" = "$value" ] || return 1
  done
}

partition() {
  local pid
  pid="$("$ENGINE" inspect -f '{{.State.Pid}}' "$1")" || return 1
  nsenter -t "$pid" -n nft -f - <<EOF
table inet $NFT_TABLE {
  chain input { type filter hook input priority -200; policy drop; iifname "lo" accept; }
  chain output { type filter hook output priority -200; policy drop; oifname "lo" accept; }
}
EOF
}
heal() {
  local pid
  pid="$("$ENGINE" inspect -f '{{.State.Pid}}' "$1")" || return 1
  nsenter -t "$pid" -n nft delete table inet "$NFT_TABLE"
}

diagnose() {
  local c
  log "diagnostics after failed scenario '$scenario' (old master $old_master, new master ${new_master:-none})"
  for c in "${SENTINELS[@]}"; do
    echo "--- $c: get-master-addr-by-name: $(master_of "$c" | tr '\n' ' ')"
    "$ENGINE" logs --tail 25 "$c" 2>&1 | sed "s/^/    $c | /"
  done
  for c in "${REDIS_NODES[@]}"; do
    echo "--- $c: $(rcli "$c" INFO replication | grep -E '^(role|master_host|master_link_status|connected_slaves)' | tr -d '\r' | tr '\n' ' ')"
  done
}

record() {
  local result="$1" detect="$2" recover="$3" line
  line="| $LABEL | $scenario | $old_master → ${new_master:-?} | $detect | $recover | $result |"
  echo "$line"
  if [ -n "${CHAOS_REPORT:-}" ]; then echo "$line" >> "$CHAOS_REPORT"; fi
  if [ "$result" = passed ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# One scenario: fault, wait for the failover (timed), undo, wait until everything converged (timed).
run_scenario() {
  local fault_at failover_ms=- recover_ms=- healed_at
  old_master="$(master_of sentinel1)"
  new_master=""
  live_sentinels="${SENTINELS[*]}"
  if ! is_node "$old_master"; then
    log "$scenario: sentinel1 reports master '$old_master', not one of our hostnames"
    record failed - -
    return 1
  fi
  log "$scenario: master is $old_master"
  fault_at="$(now_ms)"
  case "$scenario" in
    kill) eng kill -s KILL "$old_master" ;;
    pause) eng pause "$old_master" ;;
    partition) partition "$old_master" ;;
    sentinel-down)
      eng kill -s KILL sentinel3
      live_sentinels="sentinel1 sentinel2"
      eng kill -s KILL "$old_master" ;;
  esac || { log "$scenario: could not inject the fault"; record failed - -; return 1; }
  if wait_for failed_over; then
    failover_ms=$(( $(now_ms) - fault_at ))
    log "$scenario: failover to $new_master in $(fmt_s "$failover_ms") s"
  fi
  healed_at="$(now_ms)"
  case "$scenario" in
    kill) eng start "$old_master" ;;
    pause) eng unpause "$old_master" ;;
    partition) heal "$old_master" ;;
    sentinel-down) eng start sentinel3 "$old_master" ;;
  esac || log "$scenario: could not undo the fault"
  if [ "$failover_ms" = - ]; then
    log "$scenario: no failover within $LIMIT_S s"
    diagnose
    record failed - -
    return 1
  fi
  if ! wait_for converged; then
    log "$scenario: no convergence within $LIMIT_S s after undoing the fault"
    diagnose
    record failed "$(fmt_s "$failover_ms")" -
    return 1
  fi
  recover_ms=$(( $(now_ms) - healed_at ))
  log "$scenario: $old_master is back as a replica of $new_master, all converged, in $(fmt_s "$recover_ms") s"
  # (logs read whole first: grep -q closing the pipe early would fail the pipeline under pipefail)
  local events
  events="$("$ENGINE" logs sentinel1 2>&1)"
  if ! grep -q "+switch-master $NAME $old_master 6379 $new_master 6379" <<<"$events"; then
    log "$scenario: sentinel1 logged no '+switch-master $NAME $old_master 6379 $new_master 6379'"
    diagnose
    record failed "$(fmt_s "$failover_ms")" "$(fmt_s "$recover_ms")"
    return 1
  fi
  record passed "$(fmt_s "$failover_ms")" "$(fmt_s "$recover_ms")"
}

# Before any fault: the initial setup is complete, names resolve inside the network, healthchecks pass.
preflight() {
  local s
  scenario=preflight
  old_master=none
  new_master="$(master_of sentinel1)"
  if ! is_node "$new_master"; then
    log "preflight: sentinel1 reports master '$new_master', not one of our hostnames"
    return 1
  fi
  if ! wait_for converged; then
    log "preflight: the setup did not converge within $LIMIT_S s"
    diagnose
    return 1
  fi
  # A sentinel in TILT mode (entered when its timer is late by 2 s, e.g. a JVM starting on a loaded
  # machine) starts no failover for 30 s: wait it out so that the first scenario measures a failover.
  if ! wait_for no_tilt; then
    log "preflight: a sentinel is still in TILT mode after $LIMIT_S s"
    return 1
  fi
  if ! "$ENGINE" exec redis-replica1 timeout 3 redis-cli --no-auth-warning -a "$PASSWORD" -h redis-master PING | grep -q PONG; then
    log "preflight: redis-replica1 cannot PING redis-master by name"
    return 1
  fi
  if [ "$ENGINE" = podman ]; then
    for s in "${SENTINELS[@]}"; do
      # Podman schedules healthchecks only through systemd: run the image's check once by hand.
      "$ENGINE" healthcheck run "$s" >/dev/null || { log "preflight: healthcheck of $s failed"; return 1; }
    done
  fi
  log "preflight: 1 master, 2 replicas, 3 sentinels, all by hostname; healthchecks pass"
}

trap 'rm -f /tmp/chaos.$$.ips' EXIT
start_ms="$(now_ms)"
if preflight; then
  passed=$((passed + 1))
  for scenario in $SCENARIOS; do
    run_scenario || break
  done
else
  failed=$((failed + 1))
fi
log "done in $(fmt_s $(( $(now_ms) - start_ms ))) s"
echo "chaos: $passed passed, $failed failed"
[ "$failed" = 0 ]
