#!/usr/bin/env bash
# Runs Redis' own sentinel test suite (tests/sentinel of the Redis release that Debian ships as the
# monitored redis-server) against jsentinel's launcher, or against Debian's redis-sentinel to prove the
# runner itself. The suite is not part of this repository: it is taken at run time from Debian's source
# package of redis, through a private apt configuration (the host's sources are left as they are).
#
# Usage: run-sentinel-suite.sh [--sentinel jsentinel|redis] [--per-file] [--only PATTERN]... [--keep-logs DIR]
#   --sentinel   which sentinel the suite starts as src/redis-sentinel (default: jsentinel, the launcher
#                sentinel-server/bin/redis-sentinel of this checkout; build it first)
#   --per-file   one ./runtest-sentinel --single FILE per test file, each with fresh instances (diagnosis);
#                default: one ./runtest-sentinel over all files, as upstream runs it
#   --only       only files whose name contains PATTERN (implies --per-file; may be repeated)
#   --keep-logs  where the instances' logs of failing files are kept (default: a new temp dir, printed)
# Environment:
#   JSENTINEL_UPSTREAM_CACHE  where the downloaded source package is kept between runs
#                             (default: sentinel-it/target/upstream-cache of this checkout)
#
# Every address the suite may reach is on 127.0.0.0/8: its dummy master 10.0.0.1:30000 is rewritten to
# 127.0.0.1:1 (nothing listens there) and the run refuses to start unless no other address is left; the
# redis-servers and sentinels it starts are bound to 127.0.0.1.
set -euo pipefail

here="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd -- "$here/../.." && pwd)"

sentinel_kind=jsentinel
per_file=0
only=()
keep_logs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sentinel) sentinel_kind="${2:-}"; shift 2 ;;
    --per-file) per_file=1; shift ;;
    --only) only+=("${2:-}"); per_file=1; shift 2 ;;
    --keep-logs) keep_logs="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-sentinel-suite: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "run-sentinel-suite: $*" >&2; exit 1; }

case "$sentinel_kind" in
  jsentinel)
    sentinel_bin="$repo/sentinel-server/bin/redis-sentinel"
    [ -f "$repo/sentinel-server/target/redis-sentinel.jar" ] \
      || die "sentinel-server/target/redis-sentinel.jar missing: build it first (mvn -B -DskipTests package)"
    ;;
  redis)
    sentinel_bin="$(command -v redis-sentinel)" || die "redis-sentinel not on PATH"
    ;;
  *) die "--sentinel takes jsentinel or redis, not '$sentinel_kind'" ;;
esac
redis_server_bin="$(command -v redis-server)" || die "redis-server not on PATH"
redis_cli_bin="$(command -v redis-cli)" || die "redis-cli not on PATH"
tclsh_bin=""
for v in 8.5 8.6 8.7; do
  if command -v "tclsh$v" >/dev/null 2>&1; then tclsh_bin="$(command -v "tclsh$v")"; fi
done
[ -n "$tclsh_bin" ] || die "tclsh 8.5 or newer is needed (apt-get install tcl)"

# --- the suite: Debian's source package of the redis-server that is installed --------------------------
cache="${JSENTINEL_UPSTREAM_CACHE:-$repo/sentinel-it/target/upstream-cache}"
mkdir -p "$cache"
source_version="$(dpkg-query -W -f='${source:Version}' redis-server 2>/dev/null || true)"
upstream_version="${source_version#*:}"
upstream_version="${upstream_version%%-*}"
[ -n "$upstream_version" ] || die "cannot tell the installed redis-server's Debian version (dpkg-query)"
tarball="$cache/redis_${upstream_version}.orig.tar.gz"

fetch_source_package() {
  # A private apt state: the host's own deb entries turned into deb-src entries, lists in a temp dir.
  local apt_dir
  apt_dir="$(mktemp -d)"
  mkdir -p "$apt_dir/sources.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/dl"
  local n=0 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    sed -E 's/^Types:.*$/Types: deb-src/' "$f" > "$apt_dir/sources.d/src$n.sources"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" > "$apt_dir/sources.d/src$n.list"
  done
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources.d"
              -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
              -o "APT::Sandbox::User=root" -q)
  echo "run-sentinel-suite: fetching Debian's source package redis $source_version (private apt state in $apt_dir)"
  apt-get "${opts[@]}" update >"$apt_dir/update.log" 2>&1 || { cat "$apt_dir/update.log" >&2; die "apt-get update (deb-src) failed"; }
  ( cd "$apt_dir/dl" && { apt-get "${opts[@]}" source --download-only "redis=$source_version" \
      || apt-get "${opts[@]}" source --download-only redis; } ) >"$apt_dir/source.log" 2>&1 \
    || { cat "$apt_dir/source.log" >&2; die "apt-get source --download-only redis failed"; }
  local got
  got="$(ls "$apt_dir"/dl/redis_*.orig.tar.* 2>/dev/null | head -1)"
  [ -n "$got" ] || die "the source package has no upstream tarball"
  [ "$(basename "$got")" = "redis_${upstream_version}.orig.tar.gz" ] \
    || die "source package tarball $(basename "$got") is not Redis $upstream_version (the installed redis-server)"
  mv "$got" "$tarball.tmp" && mv "$tarball.tmp" "$tarball"
  rm -rf "$apt_dir"
}
[ -s "$tarball" ] || fetch_source_package

work="$(mktemp -d "${TMPDIR:-/tmp}/sentinel-suite.XXXXXX")"
suite_root="$work/redis-$upstream_version"
tar -xzf "$tarball" -C "$work" "redis-$upstream_version/runtest-sentinel" "redis-$upstream_version/tests"
[ -d "$suite_root/tests/sentinel/tests" ] || die "no tests/sentinel in $tarball"

# --- loopback only ------------------------------------------------------------------------------------
conf="$suite_root/tests/sentinel/tests/includes/sentinel.conf"
sed -i -E 's/^(sentinel monitor setmaster )10\.0\.0\.1 30000 /\1127.0.0.1 1 /' "$conf"
# Any dotted quad left anywhere the suite reads must be a loopback address.
stray="$(grep -rhoE '(^|[^0-9.])([0-9]{1,3}\.){3}[0-9]{1,3}([^0-9.]|$)' \
           "$suite_root/tests/sentinel" "$suite_root/tests/instances.tcl" "$suite_root/tests/support" \
         | grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | grep -vE '^127\.' | sort -u || true)"
[ -z "$stray" ] || die "the suite still names non-loopback addresses after the rewrite: $stray"
grep -q '^sentinel monitor setmaster 127\.0\.0\.1 1 ' "$conf" || die "the dummy master rewrite did not take effect in $conf"

# --- the programs the suite executes (../../../src/<name> from tests/sentinel/tmp) ----------------------
mkdir -p "$suite_root/src"
cat > "$suite_root/src/redis-server" <<EOF
#!/bin/sh
exec "$redis_server_bin" "\$@" --bind 127.0.0.1
EOF
cat > "$suite_root/src/redis-sentinel" <<EOF
#!/bin/sh
exec "$sentinel_bin" "\$@" --bind 127.0.0.1
EOF
cat > "$suite_root/src/redis-cli" <<EOF
#!/bin/sh
exec "$redis_cli_bin" "\$@"
EOF
chmod +x "$suite_root/src/redis-server" "$suite_root/src/redis-sentinel" "$suite_root/src/redis-cli"

# --- run and tabulate ---------------------------------------------------------------------------------
if [ -z "$keep_logs" ]; then
  keep_logs="$work/failed-logs"
fi
results="$work/results.tsv"   # file, passed, failed, seconds, first failure
: > "$results"

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Reads the suite's output, echoes it, and writes one results row per unit it saw.
tabulate() {
  local unit="" passed=0 failed=0 first="" started=0 line plain now
  flush_unit() {
    if [ -n "$unit" ]; then
      now="$EPOCHREALTIME"
      printf '%s\t%d\t%d\t%.1f\t%s\n' "$unit" "$passed" "$failed" \
        "$(elapsed "$started" "$now")" "$first" >> "$results"
    fi
  }
  while IFS= read -r line; do
    printf '%s\n' "$line"
    plain="$(printf '%s' "$line" | sed -E 's/\x1b\[[0-9;]*m//g')"
    case "$plain" in
      "Testing unit: "*)
        flush_unit
        unit="${plain#Testing unit: }"; passed=0; failed=0; first=""; started="$EPOCHREALTIME" ;;
      [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"> "*": OK")
        passed=$((passed + 1)) ;;
      [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"> "*": FAILED: "*)
        failed=$((failed + 1))
        [ -n "$first" ] || first="${plain#*> }" ;;
      "FAILED: caught an error in the test"*)
        # also printed after a failed block ends its unit: count it only when no block failed before
        if [ "$failed" = 0 ]; then
          failed=1
          first="$plain"
        fi ;;
      "WARNING: Aborting the test."*|">>>>>>>> "*)
        failed=$((failed + 1))
        [ -n "$first" ] || first="$plain" ;;
    esac
  done
  flush_unit
}

keep_instance_logs() {  # $1: label of the run whose logs to keep
  local tmp="$suite_root/tests/sentinel/tmp" d
  mkdir -p "$keep_logs/$1"
  for d in "$tmp"/sentinel_* "$tmp"/redis_*; do
    [ -d "$d" ] || continue
    mkdir -p "$keep_logs/$1/$(basename "$d")"
    cp -p "$d"/*.txt "$d"/*.conf "$keep_logs/$1/$(basename "$d")/" 2>/dev/null || true
  done
}

run_suite() {  # $1: label; rest: runtest-sentinel arguments
  local label="$1" rc=0 before
  shift
  before="$(wc -l < "$results")"
  echo "run-sentinel-suite: ($label) ./runtest-sentinel --dont-clean $*"
  set +e
  ( cd "$suite_root" && TERM=dumb ./runtest-sentinel --dont-clean "$@" ) 2>&1 | tabulate
  rc="${PIPESTATUS[0]}"
  set -e
  local after failed_rows
  after="$(wc -l < "$results")"
  failed_rows="$(tail -n +"$((before + 1))" "$results" | awk -F'\t' '$3 > 0' | wc -l)"
  if [ "$rc" != 0 ] && [ "$failed_rows" = 0 ]; then
    # the suite failed outside any test block (start-up, crash report, leaked fds): blame its last unit
    if [ "$after" -gt "$before" ]; then
      awk -F'\t' -v OFS='\t' -v n="$after" 'NR == n { $3 = $3 + 1; if ($5 == "") $5 = "runtest-sentinel exited non-zero" } { print }' \
        "$results" > "$results.tmp" && mv "$results.tmp" "$results"
    else
      printf '%s\t0\t1\t0\t%s\n' "$label" "runtest-sentinel exited non-zero before any unit" >> "$results"
    fi
  fi
  if [ "$rc" != 0 ] || [ "$failed_rows" != 0 ]; then
    keep_instance_logs "$label"
  fi
  rm -rf "$suite_root/tests/sentinel/tmp"/sentinel_* "$suite_root/tests/sentinel/tmp"/redis_*
}

suite_started="$EPOCHREALTIME"
if [ "$per_file" = 1 ]; then
  for test_file in "$suite_root"/tests/sentinel/tests/*.tcl; do
    name="$(basename "$test_file" .tcl)"
    if [ "${#only[@]}" -gt 0 ]; then
      match=0
      for p in "${only[@]}"; do case "$name" in *"$p"*) match=1 ;; esac; done
      [ "$match" = 1 ] || continue
    fi
    run_suite "$name" --single "$name"
  done
else
  run_suite all
fi

# --- report -------------------------------------------------------------------------------------------
echo
echo "Redis $upstream_version sentinel suite against $sentinel_kind ($sentinel_bin)"
printf '%-26s %7s %7s %8s  %s\n' "file" "passed" "failed" "seconds" "first failure"
files_passed=0
files_failed=0
blocks_passed=0
blocks_failed=0
while IFS=$'\t' read -r unit passed failed seconds first; do
  if [ "$failed" -gt 0 ]; then
    files_failed=$((files_failed + 1)); verdict="$first"
  elif [ "$passed" -gt 0 ]; then
    files_passed=$((files_passed + 1)); verdict=""
  else
    verdict="(no tests)"
  fi
  blocks_passed=$((blocks_passed + passed))
  blocks_failed=$((blocks_failed + failed))
  printf '%-26s %7d %7d %8.1f  %s\n' "$unit" "$passed" "$failed" "$seconds" "$verdict"
done < "$results"
printf 'test blocks: %d passed, %d failed; %.0f s in all\n' "$blocks_passed" "$blocks_failed" \
  "$(elapsed "$suite_started" "$EPOCHREALTIME")"
if [ -d "$keep_logs" ]; then
  echo "logs of failing runs kept in $keep_logs"
fi
rm -rf "$suite_root"
echo "upstream-sentinel-suite: $files_passed passed, $files_failed failed"

rm -f "$results"
rmdir "$work" 2>/dev/null || true
if [ "$files_failed" -gt 0 ] || [ "$files_passed" = 0 ]; then
  exit 1
fi
