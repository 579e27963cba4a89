#!/usr/bin/env bash
# Churn run (issue 20, "measure the problem first"): containers that come back at new addresses, and what
# the sentinels keep of the old ones. One redis master, two replicas and three sentinels (quorum 2,
# down-after-milliseconds 3000, failover-timeout 10000) on a private Podman network, everything
# addressed by IP (resolve-hostnames / announce-hostnames no, no replica-announce-ip): with hostnames
# the entries are keyed by name and a peer back under the same name replaces itself.
#
# Each round: both replicas are removed and re-created at new addresses, then the sentinels (all three
# by default) one by one, each at a new address; no address is used twice in a row's run. After each
# step the script waits until the replicas are online at the master and every live sentinel lists every
# other live sentinel (address and run id) and both live replicas. After each round it records, per
# sentinel, the peers and replicas it knows, how many of them are stale (not a live container's
# address), the majority it needs to be elected leader (max(quorum, voters / 2 + 1), voters = known
# peers + 1) and the stale known-sentinel / known-replica lines of its /data/sentinel.conf. After the
# last round it SIGKILLs the master and measures the failover: "+switch-master" in a sentinel's log and
# the same new master (a live replica) reported by two running sentinels.
#
# Usage (root): bash docker/churn.sh [options]
#   --sentinel LIST       redis (Debian's redis-sentinel 7.0), jsentinel, or both comma-separated
#                         (default redis,jsentinel); each sentinel × ids combination is one row
#   --ids LIST            new (default): sentinels come back without /data, so with a new run id;
#                         kept: each sentinel keeps its /data volume (same id, new address);
#                         mixed: sentinel1 keeps its /data, sentinel2 and sentinel3 come back new
#   --restart-sentinels L which sentinels each round re-creates, comma-separated (default 1,2,3;
#                         e.g. 3: sentinel3 alone comes back, as a crash-looping one would, while
#                         sentinel1 and sentinel2 live on)
#   --rounds N            rounds per row (default 10; 0 gives the baseline without churn)
#   --down-at-kill N      stop sentinel N (SIGTERM) just before the master kill: the failover must then
#                         be done by the other two, which is what quorum 2 of 3 promises
#   --forget-after-ms MS  jsentinel rows only: `sentinel forget-stale-after-milliseconds MS` in the
#                         sentinels' config. Such a row FAILS (exit 1) unless, within MS + 30 s after
#                         the last round, every sentinel lists exactly the live peers and replicas and
#                         its config has no stale line, and the master kill fails over within
#                         --failover-limit-s. Rows without it only report (exit 0 unless the setup
#                         itself could not be brought up).
#   --failover-limit-s S  pass limit for the forget rows (default 20: down-after 3 s plus one
#                         election; a failed election is retried only 2 × failover-timeout = 20 s
#                         after it started, so a failover that needs a second election misses it)
#   --images-ready        the caller (docker/ci.sh) has prepared the host and built both images, and
#                         tears the host down itself: no lock, no packages, no builds, no host teardown
# Without --images-ready the script does what docker/ci.sh does around its chaos run (docker/lib.sh:
# packages, Debian base, both images, teardown that leaves the host as found) and runs every row on
# one pair of images.
#
# Output: target/docker/churn-<row>.md (a table per row and a summary line), the containers' logs in
# target/docker/churn-<row>/, and the same summary on stdout.
set -euo pipefail

JD_NAME=docker/churn.sh
JD_NETWORKS=jsentinel-churn
JD_CONTAINERS="churn-master churn-replica1 churn-replica2 churn-sentinel1 churn-sentinel2 churn-sentinel3"
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '/^# Usage/,/^# Output/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

sentinel_list=redis,jsentinel
ids_list=new
rounds=10
restart_list=1,2,3
down_at_kill=""
forget_ms=""
failover_limit_s=20
images_ready=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sentinel) sentinel_list="${2:?}"; shift 2 ;;
    --ids) ids_list="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --restart-sentinels) restart_list="${2:?}"; shift 2 ;;
    --down-at-kill) down_at_kill="${2:?}"; shift 2 ;;
    --forget-after-ms) forget_ms="${2:?}"; shift 2 ;;
    --failover-limit-s) failover_limit_s="${2:?}"; shift 2 ;;
    --images-ready) images_ready=1; shift ;;
    -h|--help) usage ;;
    *) echo "docker/churn.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ "$rounds" =~ ^[0-9]+$ ]] || { echo "docker/churn.sh: --rounds wants a number (0: no churn, a baseline)" >&2; exit 2; }
[[ "$failover_limit_s" =~ ^[1-9][0-9]*$ ]] || { echo "docker/churn.sh: --failover-limit-s wants a positive number" >&2; exit 2; }
if [ -n "$forget_ms" ] && ! [[ "$forget_ms" =~ ^[1-9][0-9]*$ ]]; then
  echo "docker/churn.sh: --forget-after-ms wants a positive number of milliseconds" >&2; exit 2
fi
restarted=()
for i in ${restart_list//,/ }; do
  case "$i" in 1|2|3) restarted+=("$i") ;; *) echo "docker/churn.sh: --restart-sentinels: 1, 2 or 3, not $i" >&2; exit 2 ;; esac
done
[ "${#restarted[@]}" -gt 0 ] || { echo "docker/churn.sh: --restart-sentinels: at least one" >&2; exit 2; }
case "$down_at_kill" in ''|1|2|3) ;; *) echo "docker/churn.sh: --down-at-kill: 1, 2 or 3" >&2; exit 2 ;; esac
restart_suffix=""
[ "${restarted[*]}" = "1 2 3" ] || restart_suffix="-restart-s$(IFS=; echo "${restarted[*]}")"
rows=()
for s in ${sentinel_list//,/ }; do
  case "$s" in
    redis) [ -z "$forget_ms" ] || { echo "docker/churn.sh: --forget-after-ms is jsentinel's; redis-sentinel refuses the directive" >&2; exit 2; } ;;
    jsentinel) ;;
    *) echo "docker/churn.sh: --sentinel: redis or jsentinel, not $s" >&2; exit 2 ;;
  esac
  for i in ${ids_list//,/ }; do
    case "$i" in new|kept|mixed) ;; *) echo "docker/churn.sh: --ids: new, kept or mixed, not $i" >&2; exit 2 ;; esac
    rows+=("$s:$i")
  done
done
[ "${#rows[@]}" -gt 0 ] || usage
command -v redis-cli >/dev/null || { echo "docker/churn.sh: redis-cli is needed on this host" >&2; exit 1; }

if [ "$images_ready" = 1 ]; then JD_KEEP_TIMINGS=1; fi
jd_init
network=jsentinel-churn
prefix=10.89.78
name=mymaster
quorum=2
down_after_ms=3000
failover_timeout_ms=10000
settle_limit_s=60
failover_wait_s=60

now_ms() { date +%s%3N; }
fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
log() { printf '%s churn: %s\n' "$(date +%H:%M:%S)" "$*"; }

# ---- containers -------------------------------------------------------------------------------------
# Addresses are handed out upwards from .10 and never reused within a row (the network is re-created
# for every row); .2 is the master's.
next_host=10
take_ip() {
  if [ "$next_host" -gt 254 ]; then echo "docker/churn.sh: out of addresses in $prefix.0/24" >&2; return 1; fi
  ip_taken="$prefix.$next_host"
  next_host=$((next_host + 1))
}

# Podman without systemd logs "unable to get systemd connection" for images with a HEALTHCHECK;
# --no-healthcheck keeps that out, the checks are not used here.
run_redis() {
  local cname="$1" ip="$2" master="${3:-}"
  podman run -d -q --name "$cname" --network "$network" --ip "$ip" --no-healthcheck "$redis_image" \
    redis-server --port 6379 --protected-mode no --dir /data --save "" --appendonly no \
    ${master:+--replicaof "$master" 6379} >/dev/null
}

sentinel_image() { if [ "$row_sentinel" = redis ]; then echo "$redis_image"; else echo "$js_image"; fi; }
keeps_data() { [ "$row_ids" = kept ] || { [ "$row_ids" = mixed ] && [ "$1" = 1 ]; }; }

run_sentinel() {
  local i="$1" ip="$2" args=()
  if keeps_data "$i"; then args+=(-v "churn-sentinel$i-data:/data"); fi
  if [ -n "$forget_ms" ]; then args+=(-e "SENTINEL_FORGET_STALE_AFTER_MS=$forget_ms"); fi
  podman run -d -q --name "churn-sentinel$i" --network "$network" --ip "$ip" --no-healthcheck \
    --entrypoint /usr/local/bin/sentinel-entrypoint "${args[@]}" \
    -e SENTINEL_MASTER_HOST="$master_ip" -e SENTINEL_MASTER_NAME="$name" -e SENTINEL_QUORUM="$quorum" \
    -e SENTINEL_DOWN_AFTER_MS="$down_after_ms" -e SENTINEL_FAILOVER_TIMEOUT_MS="$failover_timeout_ms" \
    -e SENTINEL_HOSTNAMES=no \
    "$(sentinel_image)" --loglevel notice >/dev/null
}

# Removes a container the way an orchestrator does (SIGTERM, SIGKILL after 5 s), keeping its log.
remove() {
  local cname="$1" ip="$2"
  podman logs "$cname" > "$row_dir/$cname-$ip.log" 2>&1 || true
  podman rm -f -t 5 "$cname" >/dev/null
}

# ---- queries ------------------------------------------------------------------------------------------
scli() { local ip="$1"; shift; timeout 3 redis-cli -h "$ip" -p 26379 "$@" 2>/dev/null; }
rcli() { local ip="$1"; shift; timeout 3 redis-cli -h "$ip" -p 6379 "$@" 2>/dev/null; }

# redis-cli prints a reply of maps as one element per line, key then value: one line per entry out.
# peers: "ip port runid flags"; replicas: "ip port flags".
entries() {
  awk -v want="$1" 'NR % 2 == 1 { k = $0; next }
    k == "name" { n++ } k == "ip" { ip[n] = $0 } k == "port" { port[n] = $0 } k == "runid" { id[n] = $0 }
    k == "flags" { f[n] = $0 }
    END { for (i = 1; i <= n; i++) if (want == "peers") print ip[i], port[i], id[i], f[i]; else print ip[i], port[i], f[i] }'
}
peers_of() { local out; out="$(scli "$1" SENTINEL SENTINELS "$name")" || return 1; entries peers <<<"$out"; }
replicas_of() { local out; out="$(scli "$1" SENTINEL REPLICAS "$name")" || return 1; entries replicas <<<"$out"; }

# Returns 2 (give up) when the container has exited, e.g. a sentinel that refused its config.
sentinel_up() {
  local id
  if ! id="$(scli "${s_ip[$1]}" SENTINEL MYID)" || [ -z "$id" ] || [[ "$id" == ERR* ]]; then
    [ "$(podman container inspect -f '{{.State.Running}}' "churn-sentinel$1" 2>/dev/null)" = true ] || return 2
    return 1
  fi
  s_id[$1]="$id"
}

replicas_online() {
  local info r
  info="$(rcli "$master_ip" INFO replication)" || return 1
  for r in 1 2; do
    grep -q "ip=${r_ip[$r]},port=6379,state=online" <<<"$info" || return 1
  done
}

# Every live sentinel lists every other live sentinel (address and run id) and both live replicas
# (not subjectively down): they have exchanged hellos and read the master's INFO.
mesh_settled() {
  local i j r peers reps
  for i in 1 2 3; do
    peers="$(peers_of "${s_ip[$i]}")" || return 1
    reps="$(replicas_of "${s_ip[$i]}")" || return 1
    for j in 1 2 3; do
      [ "$i" = "$j" ] && continue
      grep -q "^${s_ip[$j]} 26379 ${s_id[$j]} " <<<"$peers" || return 1
    done
    for r in 1 2; do
      grep "^${r_ip[$r]} 6379 " <<<"$reps" | grep -qv 's_down' || return 1
    done
  done
}

# Polls "$@" for at most $1 seconds; stops early when it returns 2.
wait_for() {
  local limit_s="$1" deadline rc
  shift
  deadline=$(( $(now_ms) + limit_s * 1000 ))
  while :; do
    rc=0
    "$@" || rc=$?
    [ "$rc" = 0 ] && return 0
    [ "$rc" = 2 ] && return 2
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

is_live_sentinel() { local j; for j in 1 2 3; do [ "$1" = "${s_ip[$j]}" ] && return 0; done; return 1; }
is_live_replica() { [ "$1" = "${r_ip[1]}" ] || [ "$1" = "${r_ip[2]}" ]; }

# One sentinel's state: sets kp (known peers), sp (stale), kr, sr, maj, cs (stale known-sentinel
# lines), cr (stale known-replica lines), exact (1 if it lists exactly the live peers with their run
# ids and the live replicas, and its config has no stale line).
inspect() {
  local i="$1" peers reps conf ip port id rest j voters
  kp=? sp=? kr=? sr=? maj=? cs=? cr=? exact=0
  peers="$(peers_of "${s_ip[$i]}")" || return 1
  reps="$(replicas_of "${s_ip[$i]}")" || return 1
  conf="$(podman exec "churn-sentinel$i" cat /data/sentinel.conf 2>/dev/null)" || return 1
  kp=0; sp=0; kr=0; sr=0; cs=0; cr=0
  while read -r ip port id rest; do
    [ -n "$ip" ] || continue
    kp=$((kp + 1))
    if ! is_live_sentinel "$ip" || [ "$port" != 26379 ]; then sp=$((sp + 1)); fi
  done <<<"$peers"
  while read -r ip port rest; do
    [ -n "$ip" ] || continue
    kr=$((kr + 1))
    if ! is_live_replica "$ip" || [ "$port" != 6379 ]; then sr=$((sr + 1)); fi
  done <<<"$reps"
  while read -r _ kind _ ip port rest; do
    case "$kind" in
      known-sentinel) is_live_sentinel "$ip" || cs=$((cs + 1)) ;;
      known-replica|known-slave) is_live_replica "$ip" || cr=$((cr + 1)) ;;
    esac
  done < <(grep -E "^sentinel (known-sentinel|known-replica|known-slave) $name " <<<"$conf")
  voters=$((kp + 1))
  maj=$((voters / 2 + 1))
  [ "$maj" -ge "$quorum" ] || maj="$quorum"
  exact=1
  [ "$kp" = 2 ] && [ "$sp" = 0 ] && [ "$kr" = 2 ] && [ "$sr" = 0 ] && [ "$cs" = 0 ] && [ "$cr" = 0 ] || exact=0
  for j in 1 2 3; do
    [ "$i" = "$j" ] && continue
    grep -q "^${s_ip[$j]} 26379 ${s_id[$j]} " <<<"$peers" || exact=0
  done
}

all_exact() {
  local i
  for i in 1 2 3; do inspect "$i" || return 1; [ "$exact" = 1 ] || return 1; done
}

# Appends one table row for the current state; sets row_stale (per sentinel: stale peers + stale
# replicas + stale config lines) and row_majorities, both "s1 / s2 / s3".
record_state() {
  local label="$1" settled="$2" i c_peers="" c_reps="" c_maj="" c_conf="" sep=""
  row_stale=""
  for i in 1 2 3; do
    inspect "$i" || true
    c_peers+="$sep$kp ($sp)"; c_reps+="$sep$kr ($sr)"; c_maj+="$sep$maj"; c_conf+="$sep$cs + $cr"
    if [[ "$sp$sr$cs$cr" =~ ^[0-9]+$ ]]; then row_stale+="$sep$((sp + sr + cs + cr))"; else row_stale+="$sep?"; fi
    sep=" / "
  done
  row_majorities="$c_maj"
  echo "| $label | $settled | $c_peers | $c_reps | $c_maj | $c_conf |" >> "$out"
  log "$label: peers $c_peers | replicas $c_reps | majority $c_maj | stale conf lines $c_conf"
}

# ---- failover -----------------------------------------------------------------------------------------
no_tilt() {
  local i info
  for i in 1 2 3; do
    info="$(scli "${s_ip[$i]}" INFO sentinel)" || return 1
    grep -q '^sentinel_tilt:0' <<<"$info" || return 1
  done
}

# A live replica reported as master by at least two sentinels, and "+switch-master" in a log.
failed_over() {
  local i n counts winner logs
  counts="$(for i in $up_sentinels; do scli "${s_ip[$i]}" SENTINEL get-master-addr-by-name "$name" | head -1; done |
            sort | uniq -c | sort -rn | head -1)"
  read -r n winner <<<"$counts"
  [ -n "${winner:-}" ] && [ "${n:-0}" -ge 2 ] && is_live_replica "$winner" || return 1
  # (logs read whole first: grep -q closing the pipe early would fail the pipeline under pipefail)
  for i in $up_sentinels; do
    logs="$(podman logs "churn-sentinel$i" 2>&1)"
    if grep -q "+switch-master $name $master_ip 6379 $winner 6379" <<<"$logs"; then
      new_master="$winner"
      return 0
    fi
  done
  return 1
}

# ---- one row ------------------------------------------------------------------------------------------
row_cleanup() {
  local c
  for c in $JD_CONTAINERS; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  for c in 1 2 3; do podman volume rm -f "churn-sentinel$c-data" >/dev/null 2>&1 || true; done
  podman network rm -f "$network" >/dev/null 2>&1 || true
}

ids_text() {
  case "$1" in
    new) echo "sentinels come back without /data: new run id at every start" ;;
    kept) echo "sentinels keep their /data volume: same run id, new address" ;;
    mixed) echo "sentinel1 keeps its /data volume (same id); sentinel2 and sentinel3 come back new" ;;
  esac
}

run_row() {
  row_sentinel="${1%%:*}"
  row_ids="${1##*:}"
  local row="$row_sentinel${forget_ms:+-forget$forget_ms}-$row_ids-ids$restart_suffix${down_at_kill:+-s$down_at_kill-down}" k i r t0 t_row settled_ms failover_ms=""
  local version failed=0 unsettled=0 note="" fail_reasons=()
  out="$work/churn-$row.md"
  row_dir="$work/churn-$row"
  rm -rf "$row_dir"; mkdir -p "$row_dir"
  t_row="$(now_ms)"
  log "row $row: $rounds rounds"
  row_cleanup
  podman network create --subnet "$prefix.0/24" "$network" >/dev/null
  next_host=10
  master_ip="$prefix.2"
  run_redis churn-master "$master_ip"
  for r in 1 2; do take_ip; r_ip[$r]="$ip_taken"; run_redis "churn-replica$r" "${r_ip[$r]}" "$master_ip"; done
  for i in 1 2 3; do take_ip; s_ip[$i]="$ip_taken"; run_sentinel "$i" "${s_ip[$i]}"; done
  for i in 1 2 3; do
    wait_for "$settle_limit_s" sentinel_up "$i" || {
      log "sentinel$i did not start:"; podman logs "churn-sentinel$i" 2>&1 | tail -20 | sed 's/^/    /'; row_cleanup; return 2; }
  done
  wait_for "$settle_limit_s" replicas_online || { log "replicas did not come online"; row_cleanup; return 2; }
  wait_for "$settle_limit_s" mesh_settled || { log "the initial setup did not settle"; row_cleanup; return 2; }
  version="$(scli "${s_ip[1]}" INFO server | tr -d '\r' | awk -F: '$1 == "redis_version" { print $2 }')"

  {
    echo "# Churn: $row"
    echo
    echo "- command: \`bash docker/churn.sh --sentinel $row_sentinel --ids $row_ids --rounds $rounds${restart_suffix:+ --restart-sentinels $restart_list}${down_at_kill:+ --down-at-kill $down_at_kill}${forget_ms:+ --forget-after-ms $forget_ms}\`"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
    echo "- sentinels: $row_sentinel (INFO redis_version $version)${forget_ms:+, sentinel forget-stale-after-milliseconds $forget_ms}; $(ids_text "$row_ids")"
    echo "- quorum $quorum, down-after-milliseconds $down_after_ms, failover-timeout $failover_timeout_ms, addresses only (resolve/announce-hostnames no)"
    echo "- each round: both replicas re-created at new addresses, then $(printf 'sentinel%s ' "${restarted[@]}")one by one, each at a new address after the previous one was seen by all"
    echo
    echo "Cells are sentinel1 / sentinel2 / sentinel3. Known = entries in SENTINEL SENTINELS / SENTINEL REPLICAS;"
    echo "(stale) = those at an address no live container has. Majority = votes it needs to be elected leader,"
    echo "max(quorum, (known peers + 1) / 2 + 1). Config lines = stale known-sentinel + known-replica lines in /data/sentinel.conf."
    echo
    echo "| round | settled in (s) | known peers (stale) | known replicas (stale) | majority required | stale config lines |"
    echo "|---|---|---|---|---|---|"
  } > "$out"
  record_state 0 -

  for ((k = 1; k <= rounds; k++)); do
    t0="$(now_ms)"
    settled=1
    for r in 1 2; do
      remove "churn-replica$r" "${r_ip[$r]}"
      take_ip; r_ip[$r]="$ip_taken"; run_redis "churn-replica$r" "${r_ip[$r]}" "$master_ip"
    done
    wait_for "$settle_limit_s" replicas_online || { settled=0; log "round $k: replicas not online after $settle_limit_s s"; }
    for i in "${restarted[@]}"; do
      remove "churn-sentinel$i" "${s_ip[$i]}"
      take_ip; s_ip[$i]="$ip_taken"; run_sentinel "$i" "${s_ip[$i]}"
      wait_for "$settle_limit_s" sentinel_up "$i" || { settled=0; log "round $k: sentinel$i did not start"; continue; }
      wait_for "$settle_limit_s" mesh_settled || { settled=0; log "round $k: not settled $settle_limit_s s after sentinel$i"; }
    done
    settled_ms=$(( $(now_ms) - t0 ))
    if [ "$settled" = 1 ]; then
      record_state "$k" "$(fmt_s "$settled_ms")"
    else
      unsettled=$((unsettled + 1))
      record_state "$k" "not settled ($(fmt_s "$settled_ms"))"
    fi
  done

  local clean_note=""
  if [ -n "$forget_ms" ]; then
    t0="$(now_ms)"
    if wait_for $(( forget_ms / 1000 + 30 )) all_exact; then
      clean_note="exactly the live peers and replicas $(fmt_s $(( $(now_ms) - t0 ))) s after the last round"
      record_state "after last round + $(fmt_s $(( $(now_ms) - t0 ))) s" -
    else
      clean_note="NOT exactly the live peers and replicas $(( forget_ms / 1000 + 30 )) s after the last round"
      record_state "after last round + $(( forget_ms / 1000 + 30 )) s" -
      fail_reasons+=("stale entries left")
    fi
  fi
  local stale_final="$row_stale" maj_final="$row_majorities"

  # A sentinel in TILT starts no failover for 30 s; say so rather than measure it as slowness.
  local tilt_ms=0
  t0="$(now_ms)"
  if ! no_tilt; then
    wait_for 40 no_tilt || true
    tilt_ms=$(( $(now_ms) - t0 ))
    note=" (waited $(fmt_s "$tilt_ms") s for TILT to end first)"
  fi
  new_master=""
  up_sentinels="1 2 3"
  if [ -n "$down_at_kill" ]; then
    podman stop -t 5 "churn-sentinel$down_at_kill" >/dev/null
    up_sentinels="$(for i in 1 2 3; do [ "$i" = "$down_at_kill" ] || printf '%s ' "$i"; done)"
    note+="; sentinel$down_at_kill stopped just before the kill"
  fi
  t0="$(now_ms)"
  podman kill -s KILL churn-master >/dev/null
  local failover_text
  if wait_for "$failover_wait_s" failed_over; then
    failover_ms=$(( $(now_ms) - t0 ))
    failover_text="yes, $(fmt_s "$failover_ms") s"
  else
    failover_text="no failover within $failover_wait_s s"
  fi
  local aborts="" leaders="" c
  for c in $JD_CONTAINERS; do podman logs "$c" > "$row_dir/$c-final.log" 2>&1 || true; done
  for i in 1 2 3; do
    aborts+="${aborts:+/}$(grep -c -- '-failover-abort-not-elected' "$row_dir/churn-sentinel$i-final.log" || true)"
    if grep -q -- '+elected-leader' "$row_dir/churn-sentinel$i-final.log"; then leaders+="${leaders:+, }sentinel$i"; fi
  done

  if [ -n "$forget_ms" ]; then
    if [ -z "$failover_ms" ] || [ "$failover_ms" -gt $(( failover_limit_s * 1000 )) ]; then
      fail_reasons+=("no failover within $failover_limit_s s")
    fi
    [ "$unsettled" = 0 ] || fail_reasons+=("rounds not settled")
    [ "${#fail_reasons[@]}" = 0 ] || failed=1
  fi
  local summary
  summary="**$row**: after round $rounds, stale entries per sentinel (peers + replicas + config lines) $stale_final; majority required $maj_final (quorum $quorum, 3 live sentinels); master SIGKILL → failover: $failover_text$note; elected leader: ${leaders:-none}; -failover-abort-not-elected per sentinel $aborts"
  [ "$unsettled" = 0 ] || summary+="; $unsettled round(s) did not settle within $settle_limit_s s"
  [ -z "$clean_note" ] || summary+="; $clean_note"
  if [ -n "$forget_ms" ]; then
    summary+="; rule check (exactly the live entries within $(( forget_ms / 1000 + 30 )) s, failover within $failover_limit_s s): "
    if [ "$failed" = 0 ]; then summary+="PASSED"; else summary+="FAILED ($(IFS=,; echo "${fail_reasons[*]}" | sed 's/,/, /g'))"; fi
  fi
  summary+="; row took $(( ($(now_ms) - t_row) / 1000 )) s"
  {
    echo
    echo "Failover after the last round: master SIGKILLed; done when a sentinel logged +switch-master and two"
    echo "running sentinels report the same live replica as master."
    echo
    echo "$summary"
  } >> "$out"
  echo "$summary"
  row_cleanup
  return "$failed"
}

# ---- main ------------------------------------------------------------------------------------------
if [ "$images_ready" = 1 ]; then
  for img in "$js_image" "$redis_image"; do
    podman image exists "$img" || { say "--images-ready, but $img does not exist" >&2; exit 1; }
  done
  trap 'row_cleanup' EXIT
else
  jd_on_failure() { row_cleanup; }
  jd_prepare
fi

rc=0
for row in "${rows[@]}"; do
  row_rc=0
  timed "churn ${row/:/, } ids${restart_suffix:+, sentinels ${restart_list}}${down_at_kill:+, sentinel$down_at_kill down at kill}${forget_ms:+, forget $forget_ms ms}" run_row "$row" || row_rc=$?
  [ "$row_rc" = 0 ] || rc=1
done
exit "$rc"
