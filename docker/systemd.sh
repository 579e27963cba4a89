#!/usr/bin/env bash
# The Debian package under a real systemd (issue 21, "install it like redis-sentinel"): Debian 12
# containers with systemd as PID 1 (rootful Podman, --systemd=always, from the locally debootstrapped
# base of docker/lib.sh plus Debian's systemd), the package installed with apt as an administrator
# would, and the service it ships driven with systemctl. Each check prints one line,
#   [systemd] check=<name> result=PASS|FAIL <measured figures>
# and the script exits 1 if any check failed.
#
# One container (Debian's redis-server as master, two replicas as transient units, the sentinel with
# quorum 1):
#   install               apt install ./jsentinel_*.deb after the JRE was purged: the package's
#                         dependencies come from Debian's mirror; files, conffile, user, unit
#   start-notify          systemctl start reaches active (running) through READY=1 from the main PID
#                         (systemd's own log of the notification), not by Type=simple or a timeout;
#                         start → active in seconds, and the port answers PING once active
#   status-line           systemctl status shows a Status: line (STATUS= from the sentinel)
#   sentinel-masters      redis-cli -p 26379 SENTINEL MASTERS answers, master and both replicas seen
#   kill9-restart         after a forced failover (non-zero epochs, a new master, the old master a
#                         replica) the JVM is SIGKILLed: systemd restarts it; kill → active again in
#                         seconds; myid, config-epoch, current-epoch, master and replicas are the same
#   stop-clean            systemctl stop: the JVM exits with status 0 (systemd's log), the config on
#                         disk holds the live myid and master, and the service starts again from it
#   start-notify-control  negative control of start-notify: the same unit with NOTIFY_SOCKET removed
#                         from the sentinel's environment must NOT be seen as ready
#   minimal-migration     Debian's redis-sentinel.service with a drop-in that changes only ExecStart (java with
#                         the package's java.args) and MemoryDenyWriteExecute: active through READY=1 from java
#   remove-purge          apt remove keeps /etc/jsentinel/sentinel.conf, apt purge removes it
# Three containers, each with a redis-server (one master, two replicas, requirepass/masterauth) and
# the packaged sentinel (quorum 2, down-after-milliseconds 1000, auth-pass):
#   topology-discovery    every sentinel lists both replicas and both other sentinels
#   topology-failover     the master's redis-server is SIGKILLed (no restart): seconds from the kill
#                         until all three sentinels answer GET-MASTER-ADDR-BY-NAME with the same
#                         replica (the leader does from the moment it reconfigures the replicas, the
#                         others after +switch-master), and that replica reports role:master
#
# Without root it says so and exits 0. On 2 cores a run takes about 100 s when docker/lib.sh's
# debootstrapped rootfs is cached (target/docker/rootfs, shared with docker/ci.sh), 140 s without.
#
# Usage (root): bash docker/systemd.sh [options] [path/to/jsentinel_<version>_<arch>.deb]
#   (default package: the newest sentinel-deb/target/jsentinel_*.deb, _all or _amd64)
#   --skip-if-no-deb      no package found: say so and exit 0 (default: exit 1);
#                         same as JSENTINEL_SYSTEMD_SKIP_NO_DEB=1
#   --no-topology         the one-container checks only
#   --reference           instead of the package: the one-container checks (no install, remove,
#                         purge) on Debian's own redis-sentinel.service, whose notify support is
#                         known to be right; shows that the checks pass on a correct service
# Environment: as docker/ci.sh (JSENTINEL_DOCKER_WORK, DEBIAN_MIRROR). Journals of the containers
# and this run's report go to target/docker/systemd-*. The host is left as found (docker/lib.sh).
set -euo pipefail

usage() { sed -n '/^# Usage/,/^# Environment/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

skip_no_deb="${JSENTINEL_SYSTEMD_SKIP_NO_DEB:-0}"
topology=1
reference=0
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-if-no-deb) skip_no_deb=1; shift ;;
    --no-topology) topology=0; shift ;;
    --reference) reference=1; topology=0; shift ;;
    -h|--help) usage ;;
    -*) echo "docker/systemd.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$deb" ] || usage; deb="$1"; shift ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "docker/systemd.sh: skipped: needs root (rootful Podman with systemd containers, debootstrap)"
  exit 0
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$reference" = 0 ]; then
  if [ -z "$deb" ]; then
    deb="$(ls -t "$repo"/sentinel-deb/target/jsentinel_*.deb 2>/dev/null | head -1 || true)"
    if [ -z "$deb" ]; then
      echo "docker/systemd.sh: no package: sentinel-deb/target/jsentinel_*.deb does not exist (build it with mvn -B package, or name a .deb)" >&2
      if [ "$skip_no_deb" = 1 ]; then echo "docker/systemd.sh: skipped (--skip-if-no-deb)"; exit 0; fi
      exit 1
    fi
  fi
  [ -f "$deb" ] || { echo "docker/systemd.sh: $deb: no such file" >&2; exit 1; }
  deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
  if [ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" != jsentinel ]; then
    echo "docker/systemd.sh: $deb is not a jsentinel package (dpkg-deb -f: Package is not jsentinel)" >&2
    exit 1
  fi
fi

JD_NAME=docker/systemd.sh
JD_NETWORKS=jsentinel-systemd
single=jsentinel-sd-single
hosts=(jsentinel-sd-host1 jsentinel-sd-host2 jsentinel-sd-host3)
JD_CONTAINERS="$single ${hosts[*]}"
# shellcheck source=docker/lib.sh
. "$repo/docker/lib.sh"
jd_init
network=jsentinel-systemd
prefix=10.89.79
single_ip="$prefix.10"
host_ips=("$prefix.11" "$prefix.12" "$prefix.13")
sd_image=localhost/jsentinel-systemd:ci
report="$work/systemd-report.txt"
: > "$report"
name=mymaster
password=systemd-test-password
# Generous upper bounds; what is measured is printed, these only end a wait that would not.
ready_limit_s=30
discovery_limit_s=60
failover_limit_s=60

if [ "$reference" = 1 ]; then
  sunit=redis-sentinel; sconf=/etc/redis/sentinel.conf
else
  sunit=jsentinel; sconf=/etc/jsentinel/sentinel.conf
fi

now_ms() { date +%s%3N; }
fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
log() { printf '%s systemd: %s\n' "$(date +%H:%M:%S)" "$*"; }

failures=0
checks=0
result() {
  local check="$1" res="$2" line
  shift 2
  line="[systemd] check=$check result=$res $*"
  echo "$line"
  echo "$line" >> "$report"
  checks=$((checks + 1))
  [ "$res" = PASS ] || failures=$((failures + 1))
}

# ---- inside the containers ---------------------------------------------------------------------------
# Functions run inside a container by cin (declare -f ships them): they poll systemd there, where a
# `systemctl show` costs milliseconds, so the times they measure are not podman exec round trips.
in_prop() { systemctl show -p "$2" --value "$1"; }

# Waits until UNIT is active with a main PID other than OLD_PID, for at most LIMIT_MS after T0_NS
# (date +%s%N), then until PING on PORT answers within the same limit. Prints: outcome=active|<state>/
# <substate> ms=<since T0, to active> pid=<main PID> pong=<reply of a PING sent as soon as it was
# active> serving_ms=<since T0, to the first PONG, or none>. Returns 0 when active.
in_wait_active() {
  local unit="$1" limit_ms="$2" old_pid="$3" t0="$4" port="$5" a s p ms pong serving=none
  while :; do
    a="$(in_prop "$unit" ActiveState)"; s="$(in_prop "$unit" SubState)"; p="$(in_prop "$unit" MainPID)"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if { [ "$a" = active ] && [ "$p" != 0 ] && [ "$p" != "$old_pid" ]; } || [ "$ms" -ge "$limit_ms" ]; then break; fi
    sleep 0.05
  done
  pong="$(timeout 3 redis-cli -p "$port" PING 2>/dev/null | tr -d '\r')"
  while :; do
    if [ "$(timeout 3 redis-cli -p "$port" PING 2>/dev/null | tr -d '\r')" = PONG ]; then
      serving=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt "$limit_ms" ] || break
    sleep 0.05
  done
  if [ "$a" = active ] && [ "$p" != 0 ] && [ "$p" != "$old_pid" ]; then
    echo "outcome=active ms=$ms pid=$p pong=${pong:-none} serving_ms=$serving"
    return 0
  fi
  echo "outcome=$a/$s ms=$ms pid=$p pong=${pong:-none} serving_ms=$serving"
  return 1
}

in_start() {
  local unit="$1" limit_ms="$2" port="$3" t0
  t0="$(date +%s%N)"
  systemctl start --no-block "$unit"
  in_wait_active "$unit" "$limit_ms" 0 "$t0" "$port"
}

# SIGKILLs the unit's main process and waits for systemd to bring up another one.
in_kill9() {
  local unit="$1" limit_ms="$2" port="$3" pid comm t0
  pid="$(in_prop "$unit" MainPID)"
  comm="$(cat "/proc/$pid/comm" 2>/dev/null || echo '?')"
  echo "killed=$pid comm=$comm"
  t0="$(date +%s%N)"
  kill -9 "$pid"
  in_wait_active "$unit" "$limit_ms" "$pid" "$t0" "$port"
}

in_cursor() { journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p'; }
# systemd's own messages about UNIT after CURSOR (at debug level they include each notification
# received and the main process's exit code).
in_unit_log() { journalctl -q -o cat --no-pager --after-cursor "$2" _PID=1 UNIT="$1.service"; }

# redis-cli's flat key/value replies (SENTINEL MASTER) as key=value lines.
in_fields() { awk 'NR % 2 == 1 { k = $0; next } { print k "=" $0 }'; }

in_funcs() { declare -f in_prop in_wait_active in_start in_kill9 in_cursor in_unit_log in_fields; }

cin() {
  local c="$1"
  shift
  timeout 300 podman exec "$c" bash -c "$(in_funcs)
$*"
}
field() { sed -n "s/^$1=//p" <<<"$2" | head -1; }

# ---- containers --------------------------------------------------------------------------------------
build_image() {
  podman build -q --format docker -f docker/systemd.Dockerfile --build-arg BASE_IMAGE="$base_image" \
    -t "$sd_image" docker > "$work/build-systemd.log" 2>&1 || { tail -30 "$work/build-systemd.log"; return 1; }
}

start_container() {
  local c="$1" ip="$2"
  podman run -d -q --name "$c" --hostname "$c" --network "$network" --ip "$ip" --systemd=always \
    --no-healthcheck "$sd_image" >/dev/null
}

booted() {
  local c="$1" state="" t0
  t0="$(now_ms)"
  # Until systemd listens, systemctl cannot connect and prints nothing.
  while [ -z "$state" ] && [ $(( $(now_ms) - t0 )) -lt 60000 ]; do
    state="$(timeout 60 podman exec "$c" systemctl is-system-running --wait 2>/dev/null || true)"
    [ -n "$state" ] || sleep 0.2
  done
  case "$state" in
    running|degraded) return 0 ;;
    *) log "$c: systemd is $state"; podman logs --tail 20 "$c" 2>&1 | sed 's/^/    /'; return 1 ;;
  esac
}

save_journals() {
  local c
  for c in $JD_CONTAINERS; do
    podman container exists "$c" 2>/dev/null || continue
    podman exec "$c" journalctl --no-pager -o short-precise > "$work/systemd-$c.journal" 2>&1 || true
    podman exec "$c" sh -c 'cat /var/log/jsentinel/*.log' > "$work/systemd-$c.sentinel.log" 2>/dev/null || true
  done
}

jd_on_failure() {
  local c
  save_journals
  for c in $JD_CONTAINERS; do
    podman container exists "$c" 2>/dev/null || continue
    podman exec "$c" journalctl --no-pager -q -n 30 -u "$sunit" 2>&1 | sed "s/^/  $c | /" || true
  done
}

# Installs the package in container $1; prints the apt log to $work/systemd-install-$1.log.
apt_install_deb() {
  local c="$1"
  podman cp "$deb" "$c:/tmp/$(basename "$deb")"
  cin "$c" "DEBIAN_FRONTEND=noninteractive apt-get install -y -q '/tmp/$(basename "$deb")'" \
    > "$work/systemd-install-$c.log" 2>&1
}

# The package's config with our master in place of whatever it monitored: lines about masters and
# identities are dropped, the rest (port, dir, logfile, ...) is kept; written in place so that the
# package's owner and mode stay. With BIND_IP (the three hosts), the sentinel listens on that address
# too, which the others need, and then, as the package's config asks, with a password (requirepass,
# and sentinel-pass for the other sentinels).
write_sentinel_conf() {
  local c="$1" master_ip="$2" quorum="$3" auth="${4:-}" bind_ip="${5:-}" drop
  drop='^[[:space:]]*sentinel[[:space:]]+(monitor|known-|config-epoch|leader-epoch|current-epoch|myid|down-after-milliseconds|failover-timeout|parallel-syncs|auth-pass|auth-user)'
  [ -z "$bind_ip" ] || drop+='|^[[:space:]]*(bind|requirepass|sentinel[[:space:]]+sentinel-pass)[[:space:]]'
  cin "$c" "
    systemctl stop '$sunit' 2>/dev/null || true
    kept=\"\$(grep -v -E '$drop' '$sconf' || true)\"
    {
      printf '%s\n' \"\$kept\"
      echo 'sentinel monitor $name $master_ip 6379 $quorum'
      echo 'sentinel down-after-milliseconds $name 1000'
      echo 'sentinel failover-timeout $name 10000'
      ${auth:+echo 'sentinel auth-pass $name $auth'}
      ${bind_ip:+echo 'bind 127.0.0.1 $bind_ip'; echo 'requirepass $password'; echo 'sentinel sentinel-pass $password'}
    } > '$sconf.new'
    cat '$sconf.new' > '$sconf' && rm -f '$sconf.new'
  "
}

# ---- one container ------------------------------------------------------------------------------------
check_install() {
  local c="$single" t0 rc=0 out ms fetched unit_props
  # The JRE comes with the base image: remove it so that apt has to resolve the package's dependencies
  # from the mirror, as on a fresh host.
  cin "$c" "DEBIAN_FRONTEND=noninteractive apt-get purge -y -q --autoremove openjdk-17-jre-headless" \
    > "$work/systemd-purge-jre.log" 2>&1 || true
  t0="$(now_ms)"
  apt_install_deb "$c" || rc=$?
  ms=$(( $(now_ms) - t0 ))
  fetched="$(grep -E '^Get:[0-9]+ https?://' "$work/systemd-install-$c.log" | awk '{ print $5 }' | sort | paste -sd, - || true)"
  out="$(cin "$c" "
    echo version=\$(dpkg-query -W -f '\${Version}' jsentinel 2>/dev/null)
    echo status=\$(dpkg-query -W -f '\${db:Status-Abbrev}' jsentinel 2>/dev/null | tr -d ' ')
    echo conffile=\$(dpkg-query -W -f '\${Conffiles}' jsentinel 2>/dev/null | grep -q ' $sconf ' && echo yes || echo no)
    echo conf_owner=\$(stat -c %U:%G '$sconf' 2>/dev/null)
    echo bin=\$([ -x /usr/bin/jsentinel-sentinel ] && echo yes || echo no)
    echo share=\$([ -d /usr/share/jsentinel ] && echo yes || echo no)
    echo unitfile=\$([ -f /lib/systemd/system/$sunit.service ] && echo yes || echo no)
    echo user=\$(getent passwd jsentinel >/dev/null && echo yes || echo no)
    echo java=\$(command -v java >/dev/null && echo yes || echo no)
    echo enabled=\$(systemctl is-enabled $sunit 2>/dev/null)
    echo active_after_install=\$(systemctl is-active $sunit 2>/dev/null)
  " 2>/dev/null || true)"
  unit_props="$(cin "$c" "systemctl show -p Type,Restart,User,NotifyAccess,TimeoutStartUSec $sunit" 2>/dev/null || true)"
  local type restart user
  type="$(field Type "$unit_props")"; restart="$(field Restart "$unit_props")"; user="$(field User "$unit_props")"
  local ok=1 why=()
  [ "$rc" = 0 ] || { ok=0; why+=("apt exited $rc"); }
  [ "$(field status "$out")" = ii ] || { ok=0; why+=("dpkg status $(field status "$out")"); }
  local k
  for k in conffile bin share unitfile user java; do
    [ "$(field "$k" "$out")" = yes ] || { ok=0; why+=("$k missing"); }
  done
  grep -q 'openjdk-17-jre-headless\|java' <<<"$fetched" || why+=("note: no JRE fetched")
  local figures="seconds=$(fmt_s "$ms") version=$(field version "$out") fetched_from_mirror=${fetched:-none} conffile=$(field conffile "$out") conf_owner=$(field conf_owner "$out") user=$(field user "$out") unit=Type=$type,Restart=$restart,User=${user:-root} enabled=$(field enabled "$out") active_after_install=$(field active_after_install "$out")"
  if [ "$ok" = 1 ]; then
    result install PASS "$figures${why:+ ${why[*]}}"
  else
    result install FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""
    return 1
  fi
}

reference_prepare() {
  cin "$single" "systemctl unmask redis-sentinel.service >/dev/null 2>&1; systemctl stop redis-sentinel 2>/dev/null; true"
}

# Debian's redis-server as master on 6379, two replicas as transient units on 6380 and 6381.
single_redis() {
  cin "$single" "
    systemctl enable --now redis-server >/dev/null 2>&1
    for p in 6380 6381; do
      systemd-run -q --unit redis-replica-\$p /usr/bin/redis-server --port \$p --replicaof 127.0.0.1 6379 \
        --save '' --appendonly no --dir /tmp
    done
    for i in \$(seq 1 100); do
      [ \"\$(redis-cli -p 6379 INFO replication | grep -c 'state=online')\" = 2 ] && exit 0
      sleep 0.2
    done
    echo 'replicas did not come online' >&2; exit 1
  "
}

start_ms=""
check_start_notify() {
  local c="$single" out cur logs type nrestarts pid ready_from ok=1 why=() ms
  cur="$(cin "$c" in_cursor)"
  out="$(cin "$c" "in_start $sunit $(( ready_limit_s * 1000 )) 26379")" || true
  logs="$(cin "$c" "in_unit_log $sunit '$cur'")" || true
  type="$(cin "$c" "in_prop $sunit Type")"
  nrestarts="$(cin "$c" "in_prop $sunit NRestarts")"
  pid="$(field pid "$(tr ' ' '\n' <<<"$out")")"
  ms="$(field ms "$(tr ' ' '\n' <<<"$out")")"
  ready_from="$(grep -oE 'Got notification message from PID [0-9]+ \(.*READY=1' <<<"$logs" | awk '{ print $6 }' | head -1 || true)"
  [ "$type" = notify ] || { ok=0; why+=("Type=$type: systemd does not wait for READY=1"); }
  [[ "$out" == outcome=active* ]] || { ok=0; why+=("not active after ${ready_limit_s} s: $(cut -d' ' -f1 <<<"$out"); no READY=1$(grep -q 'pong=PONG' <<<"$out" && echo ' although the port answers PING')"); }
  if [ "$type" = notify ] && [[ "$out" == outcome=active* ]]; then
    [ -n "$ready_from" ] || { ok=0; why+=("no READY=1 in systemd's log"); }
    [ -z "$ready_from" ] || [ "$ready_from" = "$pid" ] || { ok=0; why+=("READY=1 from PID $ready_from, main PID $pid"); }
  fi
  grep -q 'pong=PONG' <<<"$out" || { ok=0; why+=("no PONG on 26379 when active"); }
  [ "$nrestarts" = 0 ] || { ok=0; why+=("NRestarts=$nrestarts"); }
  if [[ "$out" == outcome=active* ]]; then start_ms="$ms"; fi
  local serving
  serving="$(sed -n 's/.*serving_ms=\([0-9]*\).*/\1/p' <<<"$out")"
  local figures="seconds=$(fmt_s "${ms:-0}") serving_seconds=$([ -n "$serving" ] && fmt_s "$serving" || echo none) type=$type state=$(cut -d' ' -f1 <<<"$out" | sed 's/outcome=//') ready_from_pid=${ready_from:-none} main_pid=${pid:-?} pong=$(sed -n 's/.*pong=\([^ ]*\).*/\1/p' <<<"$out") nrestarts=$nrestarts"
  if [ "$ok" = 1 ]; then result start-notify PASS "$figures"; else result start-notify FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""; fi
  printf '%s\n' "$logs" > "$work/systemd-start-notify.log"
}

check_status_line() {
  local status text
  status="$(cin "$single" "systemctl status $sunit --no-pager -n 0" 2>/dev/null || true)"
  text="$(sed -n 's/^ *Status: "\(.*\)"$/\1/p' <<<"$status" | head -1)"
  if [ -n "$text" ]; then
    result status-line PASS "status=\"$text\""
  else
    result status-line FAIL "status=none reason=\"no Status: line in systemctl status (no STATUS= received)\""
  fi
}

# Sets sm (SENTINEL MASTER fields) from inside container $1.
sentinel_master() { sm="$(cin "$1" "timeout 3 redis-cli -p 26379 SENTINEL MASTER $name | in_fields" 2>/dev/null || true)"; }

check_sentinel_masters() {
  local t0 masters n=0 ok=0
  t0="$(now_ms)"
  while [ $(( $(now_ms) - t0 )) -lt $(( discovery_limit_s * 1000 )) ]; do
    masters="$(cin "$single" "timeout 3 redis-cli -p 26379 SENTINEL MASTERS | in_fields" 2>/dev/null || true)"
    n="$(grep -c '^name=' <<<"$masters" || true)"
    if [ "$n" = 1 ] && [ "$(field name "$masters")" = "$name" ] && [ "$(field flags "$masters")" = master ] \
        && [ "$(field num-slaves "$masters")" = 2 ]; then ok=1; break; fi
    sleep 0.3
  done
  local figures="masters=$n name=$(field name "$masters") addr=$(field ip "$masters"):$(field port "$masters") flags=$(field flags "$masters") replicas=$(field num-slaves "$masters") seconds=$(fmt_s $(( $(now_ms) - t0 )))"
  if [ "$ok" = 1 ]; then result sentinel-masters PASS "$figures"; else result sentinel-masters FAIL "$figures reason=\"no answer with $name, flags master and 2 replicas within $discovery_limit_s s\""; fi
}

# The persistent state of the sentinel in $single: sets st_myid, st_master, st_cepoch (config-epoch),
# st_curepoch (current-epoch, from the config file), st_replicas (sorted ip:port list) and st_conf.
sentinel_state() {
  local reps
  st_myid="$(cin "$single" "timeout 3 redis-cli -p 26379 SENTINEL MYID" 2>/dev/null | tr -d '\r' || true)"
  st_master="$(cin "$single" "timeout 3 redis-cli -p 26379 SENTINEL GET-MASTER-ADDR-BY-NAME $name" 2>/dev/null | paste -sd: - || true)"
  sentinel_master "$single"
  st_cepoch="$(field config-epoch "$sm")"
  reps="$(cin "$single" "timeout 3 redis-cli -p 26379 SENTINEL REPLICAS $name | in_fields" 2>/dev/null || true)"
  st_replicas="$(paste -d: <(field_all ip "$reps") <(field_all port "$reps") | sort | paste -sd, -)"
  st_conf="$(cin "$single" "cat $sconf" 2>/dev/null || true)"
  st_curepoch="$(awk '$1 == "sentinel" && $2 == "current-epoch" { print $3 }' <<<"$st_conf")"
}
field_all() { sed -n "s/^$1=//p" <<<"$2"; }

# A forced failover first, so that what must survive the kill is not all zeros: config-epoch and
# current-epoch 1, a new master, the old master among the replicas.
failover_settled() {
  sentinel_state
  [ "$st_master" != "127.0.0.1:6379" ] && [ "${st_cepoch:-0}" -ge 1 ] && [ "${st_curepoch:-0}" -ge 1 ] || return 1
  [ "$(tr ',' '\n' <<<"$st_replicas" | grep -c .)" = 2 ] && grep -q '127.0.0.1:6379' <<<"$st_replicas" || return 1
  # and the file on disk says so: the state a SIGKILL cannot lose any more
  grep -q "^sentinel monitor $name ${st_master%:*} ${st_master#*:} " <<<"$st_conf" || return 1
  [ "$(grep -cE "^sentinel known-(replica|slave) $name " <<<"$st_conf")" = 2 ] || return 1
}

check_kill9_restart() {
  local t0 ok=1 why=() out b_myid b_master b_cepoch b_curepoch b_replicas b_nrestarts a_nrestarts
  cin "$single" "timeout 3 redis-cli -p 26379 SENTINEL FAILOVER $name" >/dev/null 2>&1 || true
  t0="$(now_ms)"
  until failover_settled; do
    if [ $(( $(now_ms) - t0 )) -gt 30000 ]; then
      result kill9-restart FAIL "reason=\"SENTINEL FAILOVER did not settle within 30 s (master=$st_master config-epoch=$st_cepoch current-epoch=$st_curepoch replicas=$st_replicas)\""
      return 0
    fi
    sleep 0.3
  done
  b_myid="$st_myid"; b_master="$st_master"; b_cepoch="$st_cepoch"; b_curepoch="$st_curepoch"; b_replicas="$st_replicas"
  b_nrestarts="$(cin "$single" "in_prop $sunit NRestarts")"
  out="$(cin "$single" "in_kill9 $sunit $(( ready_limit_s * 1000 )) 26379")" || true
  a_nrestarts="$(cin "$single" "in_prop $sunit NRestarts")"
  sentinel_state
  local killed comm
  killed="$(sed -n 's/.*killed=\([0-9]*\).*/\1/p' <<<"$out")"
  comm="$(sed -n 's/.*comm=\([^ ]*\).*/\1/p' <<<"$out")"
  local res_line ms
  res_line="$(grep '^outcome=' <<<"$out" || true)"
  ms="$(sed -n 's/.*ms=\([0-9]*\).*/\1/p' <<<"$res_line")"
  [[ "$res_line" == outcome=active* ]] || { ok=0; why+=("not active again within $ready_limit_s s: $(cut -d' ' -f1 <<<"$res_line")"); }
  [ "$a_nrestarts" = $(( b_nrestarts + 1 )) ] || { ok=0; why+=("NRestarts $b_nrestarts -> $a_nrestarts"); }
  [ "$st_myid" = "$b_myid" ] && [ -n "$b_myid" ] || { ok=0; why+=("myid changed"); }
  [ "$st_cepoch" = "$b_cepoch" ] || { ok=0; why+=("config-epoch changed"); }
  [ "$st_curepoch" = "$b_curepoch" ] || { ok=0; why+=("current-epoch changed"); }
  [ "$st_master" = "$b_master" ] || { ok=0; why+=("master changed"); }
  [ "$st_replicas" = "$b_replicas" ] || { ok=0; why+=("replicas changed"); }
  local serving
  serving="$(sed -n 's/.*serving_ms=\([0-9]*\).*/\1/p' <<<"$res_line")"
  local figures="seconds=$(fmt_s "${ms:-0}") serving_seconds=$([ -n "$serving" ] && fmt_s "$serving" || echo none) killed_pid=$killed($comm) new_pid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$res_line") nrestarts=$b_nrestarts->$a_nrestarts myid=${b_myid:0:8}->${st_myid:0:8} config_epoch=$b_cepoch->$st_cepoch current_epoch=$b_curepoch->$st_curepoch master=$b_master->$st_master replicas=$b_replicas->$st_replicas"
  if [ "$ok" = 1 ]; then result kill9-restart PASS "$figures"; else result kill9-restart FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""; fi
}

check_stop_clean() {
  local cur t0 ms logs exit_line ok=1 why=() myid master props stopping after tmpfiles again
  sentinel_state
  myid="$st_myid"; master="$st_master"
  cur="$(cin "$single" in_cursor)"
  t0="$(now_ms)"
  cin "$single" "systemctl stop $sunit" || { ok=0; why+=("systemctl stop failed"); }
  ms=$(( $(now_ms) - t0 ))
  props="$(cin "$single" "systemctl show -p ActiveState,Result,ExecMainStatus $sunit")"
  logs="$(cin "$single" "in_unit_log $sunit '$cur'")" || true
  printf '%s\n' "$logs" > "$work/systemd-stop.log"
  # A unit that nothing references is unloaded from systemd's memory once inactive, and its
  # properties then read as defaults (Result=success, ExecMainStatus=0): the exit status is taken from
  # systemd's log instead, which says "Main process exited, code=exited, status=N/..." at debug level.
  exit_line="$(grep -m1 'Main process exited' <<<"$logs" || true)"
  stopping="$(grep -q 'notification message from PID .*STOPPING=1' <<<"$logs" && echo yes || echo no)"
  grep -q 'code=exited, status=0/SUCCESS' <<<"$exit_line" || { ok=0; why+=("${exit_line:-no exit logged}"); }
  if grep -q 'Failed with result' <<<"$logs"; then ok=0; why+=("$(grep -m1 'Failed with result' <<<"$logs")"); fi
  [ "$(field ActiveState "$props")" = inactive ] || { ok=0; why+=("ActiveState=$(field ActiveState "$props")"); }
  after="$(cin "$single" "cat $sconf")" || after=""
  grep -qx "sentinel myid $myid" <<<"$after" || { ok=0; why+=("config has no 'sentinel myid $myid'"); }
  grep -q "^sentinel monitor $name ${master%:*} ${master#*:} " <<<"$after" || { ok=0; why+=("config does not monitor $master"); }
  tmpfiles="$(cin "$single" "ls -A $(dirname "$sconf") | grep -v -x '$(basename "$sconf")' | paste -sd, -" || true)"
  # valid: the service starts from it again, with the same identity
  again="$(cin "$single" "in_start $sunit $(( ready_limit_s * 1000 )) 26379; timeout 3 redis-cli -p 26379 SENTINEL MYID")" || true
  grep -qx "$myid" <<<"$(tr -d '\r' <<<"$again")" || { ok=0; why+=("did not start again from it with the same myid"); }
  cin "$single" "systemctl stop $sunit" || true
  local figures="seconds=$(fmt_s "$ms") exit=\"$(sed 's/^.*Main process exited, //' <<<"${exit_line:-none}")\" Result=$(field Result "$props") ExecMainStatus=$(field ExecMainStatus "$props") stopping_notified=$stopping config=myid+monitor$( [ "$ok" = 1 ] && echo ",restarts-with-same-myid") other_files_in_conf_dir=${tmpfiles:-none}"
  if [ "$ok" = 1 ]; then result stop-clean PASS "$figures"; else result stop-clean FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""; fi
}

# Negative control: the unit as shipped, but with NOTIFY_SOCKET taken out of the sentinel's
# environment (UnsetEnvironment= also removes what systemd sets itself), so that it cannot send READY=1.
# Passes when the sentinel then runs and answers PING but the unit is not active: start-notify's
# criterion tells a sentinel that never says READY=1 from one that does.
check_notify_control() {
  local limit_s out state pong
  limit_s=10
  # five times what the start with READY=1 took, at least 10 s, at most the limit start-notify waits
  if [ -n "$start_ms" ] && [ $(( start_ms * 5 / 1000 )) -gt "$limit_s" ]; then limit_s=$(( start_ms * 5 / 1000 )); fi
  if [ "$limit_s" -gt "$ready_limit_s" ]; then limit_s="$ready_limit_s"; fi
  cin "$single" "
    mkdir -p /run/systemd/system/$sunit.service.d
    printf '[Service]\nUnsetEnvironment=NOTIFY_SOCKET\n' > /run/systemd/system/$sunit.service.d/zz-no-notify-socket.conf
    systemctl daemon-reload
  "
  out="$(cin "$single" "in_start $sunit $(( limit_s * 1000 )) 26379")" || true
  cin "$single" "systemctl stop $sunit; rm -rf /run/systemd/system/$sunit.service.d; systemctl daemon-reload; systemctl reset-failed $sunit 2>/dev/null; true"
  state="$(cut -d' ' -f1 <<<"$out" | sed 's/outcome=//')"
  pong="$(sed -n 's/.*pong=\([^ ]*\).*/\1/p' <<<"$out")"
  if [[ "$out" == outcome=active* ]]; then
    result start-notify-control FAIL "state=$state pong=$pong reason=\"active although it could not send READY=1: start-notify cannot tell\""
  elif [ "$pong" != PONG ]; then
    result start-notify-control FAIL "state=$state after ${limit_s} s pong=$pong reason=\"without NOTIFY_SOCKET the sentinel did not run at all: the control shows nothing\""
  else
    result start-notify-control PASS "state=$state after ${limit_s} s pong=$pong (answers PING, yet not active without READY=1)"
  fi
}

# The minimal move (README, docs/debian.md): Debian's own redis-sentinel.service, changed only in ExecStart (java
# with the package's java.args) and MemoryDenyWriteExecute, runs jsentinel: ready through READY=1 from java.
check_minimal_migration() {
  local c="$single" out cur logs pid comm ready_from masters ok=1 why=() ms
  cin "$c" "
    systemctl stop $sunit 2>/dev/null; systemctl unmask redis-sentinel.service >/dev/null 2>&1
    {
      echo 'port 26379'
      echo 'bind 127.0.0.1'
      echo 'pidfile /run/sentinel/redis-sentinel.pid'
      echo 'logfile /var/log/redis/redis-sentinel.log'
      echo 'dir /var/lib/redis'
      echo 'sentinel monitor $name 127.0.0.1 6379 1'
      echo 'sentinel down-after-milliseconds $name 1000'
    } > /etc/redis/sentinel.conf
    chown redis:redis /etc/redis/sentinel.conf && chmod 640 /etc/redis/sentinel.conf
    mkdir -p /etc/systemd/system/redis-sentinel.service.d
    printf '[Service]\nExecStart=\nExecStart=/usr/lib/jvm/default-java/bin/java @/usr/share/jsentinel/java.args /etc/redis/sentinel.conf --supervised systemd --daemonize no\nMemoryDenyWriteExecute=no\n' \
      > /etc/systemd/system/redis-sentinel.service.d/jsentinel.conf
    systemctl daemon-reload
  " || { ok=0; why+=("could not set up the drop-in"); }
  cur="$(cin "$c" in_cursor)"
  out="$(cin "$c" "in_start redis-sentinel $(( ready_limit_s * 1000 )) 26379")" || true
  logs="$(cin "$c" "in_unit_log redis-sentinel '$cur'")" || true
  pid="$(field pid "$(tr ' ' '\n' <<<"$out")")"
  ms="$(field ms "$(tr ' ' '\n' <<<"$out")")"
  comm="$(cin "$c" "cat /proc/$pid/comm 2>/dev/null" || echo '?')"
  ready_from="$(grep -oE 'Got notification message from PID [0-9]+ \(.*READY=1' <<<"$logs" | awk '{ print $6 }' | head -1 || true)"
  masters="$(cin "$c" "timeout 3 redis-cli -p 26379 SENTINEL MASTERS | grep -c '^$name\$'" 2>/dev/null || true)"
  [[ "$out" == outcome=active* ]] || { ok=0; why+=("not active: $(cut -d' ' -f1 <<<"$out")"); }
  [ "$comm" = java ] || { ok=0; why+=("main process is $comm, not java"); }
  [ -n "$ready_from" ] && [ "$ready_from" = "$pid" ] || { ok=0; why+=("no READY=1 from the main PID in systemd's log"); }
  [ "${masters:-0}" -ge 1 ] || { ok=0; why+=("SENTINEL MASTERS does not list $name"); }
  cin "$c" "systemctl stop redis-sentinel; rm -rf /etc/systemd/system/redis-sentinel.service.d; systemctl daemon-reload
    systemctl mask redis-sentinel.service >/dev/null 2>&1; true"
  local figures="seconds=$(fmt_s "${ms:-0}") state=$(cut -d' ' -f1 <<<"$out" | sed 's/outcome=//') main=$comm ready_from_pid=${ready_from:-none} main_pid=${pid:-?} masters=${masters:-0} dropin=ExecStart+MemoryDenyWriteExecute"
  if [ "$ok" = 1 ]; then result minimal-migration PASS "$figures"; else result minimal-migration FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""; fi
}

check_remove_purge() {
  local out1 out2 ok=1 why=()
  cin "$single" "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q jsentinel" > "$work/systemd-remove.log" 2>&1 || { ok=0; why+=("apt remove failed"); }
  out1="$(cin "$single" "
    echo status=\$(dpkg-query -W -f '\${db:Status-Abbrev}' jsentinel 2>/dev/null | tr -d ' ')
    echo conf=\$([ -f $sconf ] && echo kept || echo gone)
    echo active=\$(systemctl is-active $sunit 2>/dev/null)
    n=0; for p in /proc/[0-9]*; do [ \"\$(stat -c %U \$p 2>/dev/null)\" = jsentinel ] && n=\$((n + 1)); done; echo procs=\$n
  " 2>/dev/null || true)"
  cin "$single" "DEBIAN_FRONTEND=noninteractive apt-get purge -y -q jsentinel" > "$work/systemd-purge.log" 2>&1 || { ok=0; why+=("apt purge failed"); }
  out2="$(cin "$single" "
    echo status=\$(dpkg-query -W -f '\${db:Status-Abbrev}' jsentinel 2>/dev/null | tr -d ' ')
    echo conf=\$([ -f $sconf ] && echo kept || echo gone)
    echo dir=\$([ -d $(dirname "$sconf") ] && echo left || echo gone)
    echo user=\$(getent passwd jsentinel >/dev/null && echo kept || echo gone)
  " 2>/dev/null || true)"
  [ "$(field status "$out1")" = rc ] || { ok=0; why+=("after remove dpkg status $(field status "$out1")"); }
  [ "$(field conf "$out1")" = kept ] || { ok=0; why+=("remove deleted $sconf"); }
  [ "$(field active "$out1")" != active ] || { ok=0; why+=("service still active after remove"); }
  [ "$(field procs "$out1")" = 0 ] || { ok=0; why+=("$(field procs "$out1") process(es) of user jsentinel survived remove"); }
  [ "$(field conf "$out2")" = gone ] || { ok=0; why+=("purge left $sconf"); }
  case "$(field status "$out2")" in ''|un|pn) ;; *) ok=0; why+=("after purge dpkg status $(field status "$out2")") ;; esac
  local figures="remove:status=$(field status "$out1"),conf=$(field conf "$out1"),service=$(field active "$out1") purge:status=$(field status "$out2"),conf=$(field conf "$out2"),conf_dir=$(field dir "$out2"),user=$(field user "$out2")"
  if [ "$ok" = 1 ]; then result remove-purge PASS "$figures"; else result remove-purge FAIL "$figures reason=\"$(IFS=';'; echo "${why[*]}")\""; fi
}

one_container() {
  local k
  start_container "$single" "$single_ip" && booted "$single" || return 1
  if [ "$reference" = 1 ]; then
    reference_prepare
  else
    if ! check_install; then
      for k in start-notify status-line sentinel-masters kill9-restart stop-clean start-notify-control minimal-migration remove-purge; do
        result "$k" FAIL "reason=\"not run: the package did not install\""
      done
      return 0
    fi
  fi
  single_redis || { log "the one-container redis setup failed"; return 1; }
  write_sentinel_conf "$single" 127.0.0.1 1 || return 1
  # Debug level: systemd then logs each notification it receives and the main process's exit code.
  cin "$single" "systemd-analyze log-level debug"
  check_start_notify
  check_status_line
  check_sentinel_masters
  check_kill9_restart
  check_stop_clean
  check_notify_control
  if [ "$reference" = 0 ]; then check_minimal_migration; fi
  cin "$single" "systemd-analyze log-level info" || true
  save_journals
  if [ "$reference" = 0 ]; then check_remove_purge; fi
  podman rm -f -t 0 "$single" >/dev/null
}

# ---- three containers ---------------------------------------------------------------------------------
scli() {
  local ip="$1" i
  shift
  if command -v redis-cli >/dev/null; then
    timeout 3 redis-cli -h "$ip" -p 26379 --no-auth-warning -a "$password" "$@" 2>/dev/null | tr -d '\r'
  else
    for i in 0 1 2; do
      [ "${host_ips[$i]}" = "$ip" ] || continue
      timeout 5 podman exec "${hosts[$i]}" redis-cli -p 26379 --no-auth-warning -a "$password" "$@" 2>/dev/null | tr -d '\r'
    done
  fi
}
rinfo() {
  local i
  for i in 0 1 2; do
    [ "${host_ips[$i]}" = "$1" ] || continue
    timeout 5 podman exec "${hosts[$i]}" redis-cli --no-auth-warning -a "$password" -p 6379 INFO replication 2>/dev/null | tr -d '\r'
  done
}

prepare_host() {
  local i="$1" c="${hosts[$1]}" master_ip="${host_ips[0]}"
  apt_install_deb "$c" || { log "$c: apt install failed"; tail -20 "$work/systemd-install-$c.log"; return 1; }
  # Later directives win: Debian's /etc/redis/redis.conf binds to 127.0.0.1 and has no password.
  cin "$c" "
    {
      echo 'bind 0.0.0.0'
      echo 'protected-mode no'
      echo 'save \"\"'
      echo 'appendonly no'
      echo 'requirepass $password'
      echo 'masterauth $password'
      [ $i = 0 ] || echo 'replicaof $master_ip 6379'
    } >> /etc/redis/redis.conf
    systemctl enable --now redis-server >/dev/null 2>&1
  " || return 1
  write_sentinel_conf "$c" "$master_ip" 2 "$password" "${host_ips[$i]}" || return 1
  cin "$c" "systemctl start --no-block $sunit"
}

# Every sentinel lists both replicas (not down) and both other sentinels.
discovered() {
  local i j reps peers
  disc_counts=""
  for i in 0 1 2; do
    reps="$(scli "${host_ips[$i]}" SENTINEL REPLICAS "$name" | awk 'NR % 2 == 1 { k = $0; next } k == "ip" { ip = $0 } k == "flags" { print ip, $0 }')"
    peers="$(scli "${host_ips[$i]}" SENTINEL SENTINELS "$name" | awk 'NR % 2 == 1 { k = $0; next } k == "ip" { print $0 }')"
    disc_counts+="${disc_counts:+/}$(grep -c . <<<"$reps" || true)r+$(grep -c . <<<"$peers" || true)s"
    for j in 1 2; do
      grep "^${host_ips[$j]} " <<<"$reps" | grep -qv 's_down' || return 1
    done
    for j in 0 1 2; do
      [ "$i" = "$j" ] && continue
      grep -qx "${host_ips[$j]}" <<<"$peers" || return 1
    done
  done
}

agreed() {
  local i addr
  agreed_on=""
  for i in 0 1 2; do
    addr="$(scli "${host_ips[$i]}" SENTINEL GET-MASTER-ADDR-BY-NAME "$name" | head -1)"
    [ -n "$addr" ] && [ "$addr" != "${host_ips[0]}" ] || return 1
    if [ -z "$agreed_on" ]; then agreed_on="$addr"; elif [ "$agreed_on" != "$addr" ]; then return 1; fi
  done
}

topology() {
  local i t0 ok rc=0 pids=()
  for i in 0 1 2; do start_container "${hosts[$i]}" "${host_ips[$i]}" || return 1; done
  for i in 0 1 2; do booted "${hosts[$i]}" || return 1; done
  for i in 0 1 2; do prepare_host "$i" > "$work/systemd-prepare-${hosts[$i]}.log" 2>&1 & pids+=($!); done
  for i in 0 1 2; do wait "${pids[$i]}" || { rc=1; log "${hosts[$i]}: preparation failed"; tail -20 "$work/systemd-prepare-${hosts[$i]}.log"; }; done
  if [ "$rc" != 0 ]; then
    result topology-discovery FAIL "reason=\"preparing the three hosts failed\""
    result topology-failover FAIL "reason=\"not run: preparing the three hosts failed\""
    return 0
  fi
  t0="$(now_ms)"
  ok=0
  while [ $(( $(now_ms) - t0 )) -lt $(( discovery_limit_s * 1000 )) ]; do
    if discovered; then ok=1; break; fi
    sleep 0.3
  done
  if [ "$ok" = 1 ]; then
    result topology-discovery PASS "seconds=$(fmt_s $(( $(now_ms) - t0 ))) per_sentinel=$disc_counts (replicas+sentinels)"
  else
    result topology-discovery FAIL "seconds=$(fmt_s $(( $(now_ms) - t0 ))) per_sentinel=$disc_counts reason=\"not every sentinel saw 2 replicas and 2 sentinels within $discovery_limit_s s\""
    result topology-failover FAIL "reason=\"not run: discovery did not complete\""
    save_journals
    return 0
  fi

  # SIGKILL the master's redis-server, and keep systemd from restarting it (its unit has Restart=always).
  cin "${hosts[0]}" "
    mkdir -p /run/systemd/system/redis-server.service.d
    printf '[Service]\nRestart=no\n' > /run/systemd/system/redis-server.service.d/zz-no-restart.conf
    systemctl daemon-reload
  "
  t0="$(now_ms)"
  cin "${hosts[0]}" "systemctl kill --kill-whom=main -s KILL redis-server"
  ok=0
  while [ $(( $(now_ms) - t0 )) -lt $(( failover_limit_s * 1000 )) ]; do
    if agreed; then ok=1; break; fi
    sleep 0.1
  done
  local ms=$(( $(now_ms) - t0 )) role="" follows="" leaders="" j
  if [ "$ok" = 1 ]; then
    role="$(rinfo "$agreed_on" | sed -n 's/^role://p')"
    for j in 1 2; do
      [ "${host_ips[$j]}" = "$agreed_on" ] && continue
      for _ in $(seq 1 50); do
        follows="$(rinfo "${host_ips[$j]}" | sed -n 's/^master_host://p')"
        [ "$follows" = "$agreed_on" ] && break
        sleep 0.2
      done
    done
  fi
  for j in 0 1 2; do
    # the sentinel's log: the journal, or the logfile its config names
    if timeout 10 podman exec "${hosts[$j]}" sh -c "journalctl -q --no-pager -o cat -u $sunit; cat /var/log/jsentinel/*.log" 2>/dev/null | grep -q -- '+elected-leader'; then
      leaders+="${leaders:+,}host$((j + 1))"
    fi
  done
  save_journals
  if [ "$ok" = 1 ] && [ "$role" = master ]; then
    result topology-failover PASS "seconds=$(fmt_s "$ms") old=${host_ips[0]}:6379 new=$agreed_on:6379 agree=3/3 new_master_role=$role other_replica_follows=$([ "$follows" = "$agreed_on" ] && echo yes || echo "no(${follows:-?})") leader=${leaders:-unknown} down_after_ms=1000"
  else
    result topology-failover FAIL "seconds=$(fmt_s "$ms") agreed_on=${agreed_on:-none} new_master_role=${role:-?} reason=\"no agreement of all three sentinels on a promoted replica within $failover_limit_s s\""
  fi
}

# ---- main ------------------------------------------------------------------------------------------------
jd_prepare_base
timed "podman build (systemd)" build_image
podman network create --subnet "$prefix.0/24" "$network" >/dev/null
if [ "$reference" = 1 ]; then
  log "reference run: Debian's redis-sentinel.service (no package)"
else
  log "package $(basename "$deb") ($(dpkg-deb -f "$deb" Version))"
fi
timed "systemd: one container" one_container || result setup FAIL "reason=\"the one-container setup failed (see above)\""
if [ "$topology" = 1 ]; then
  timed "systemd: three hosts" topology || result setup FAIL "reason=\"the three-host setup failed (see above)\""
fi
echo "[systemd] summary checks=$checks failed=$failures$([ "$reference" = 1 ] && echo ' (reference: redis-sentinel.service)' || echo " package=$(basename "$deb")")" | tee -a "$report"
[ "$failures" = 0 ]
