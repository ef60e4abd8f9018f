# shellcheck shell=bash
# Sourced by ./flotilla and the benchmark scripts: how a build step runs, how stale a build is, and
# how a program's run class path is read from what the build wrote. Bash 4+, POSIX tools only.

# flotilla_run_step LOG COMMAND [ARGS...]
# Runs COMMAND with its output (stdout and stderr) in LOG, showing only Maven's "Building <module>"
# lines as progress on stderr. On failure prints the failing command, the last 30 lines of its
# output and the path of the full log, and returns the command's exit status; never fails silently.
flotilla_run_step() {
  local log="$1"
  shift
  mkdir -p "$(dirname "$log")" || return 1
  {
    printf '$ %s\n' "$*"
    printf '# in %s, %s\n' "$PWD" "$(date '+%Y-%m-%d %H:%M:%S %z')"
  } >"$log" || return 1
  local status line statuses
  # Inside `if`, so that the caller's errexit cannot end the script before the report below; the
  # command's own status is read from PIPESTATUS whether or not the caller set pipefail.
  if "$@" </dev/null 2>&1 | tee -a "$log" | while IFS= read -r line; do
       case "$line" in
         # Maven's module headers: "[INFO] Building Flotilla datasets 0.1.0-SNAPSHOT   [1/7]"
         "[INFO] Building "*"]") line="${line#\[INFO\] Building }"; echo "flotilla:   ${line%%  *}" >&2 ;;
       esac
     done; then
    statuses=("${PIPESTATUS[@]}")
  else
    statuses=("${PIPESTATUS[@]}")
  fi
  status="${statuses[0]}"
  # The command succeeded but its output could not be logged: that is a failure too.
  if [ "$status" -eq 0 ] && [ "${statuses[1]}" -ne 0 ]; then status=1; fi
  if [ "$status" -ne 0 ]; then
    {
      echo "flotilla: build step failed (exit status $status): $*"
      echo "flotilla: last 30 lines of its output:"
      tail -n 30 "$log" | sed 's/^/  | /'
      echo "flotilla: full log: $log"
    } >&2
  fi
  return "$status"
}

# flotilla_sources_newer_than ROOT STAMP
# Succeeds when STAMP is missing or a source file, a pom.xml or .mvn/maven.config under ROOT is
# newer than it (build outputs, .git and the demo's and benchmarks' data folders are not looked at).
flotilla_sources_newer_than() {
  local root="$1" stamp="$2"
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$root" \( -name target -o -name .git -o -path "$root/demo-data" -o -path "$root/benchmarks/out" \) -prune \
           -o \( -path '*/src/*' -o -name pom.xml -o -path "$root/.mvn/maven.config" \) -type f -newer "$stamp" -print \
           2>/dev/null | head -n 1)" ]
}

# flotilla_classpath MODULE_DIR
# Prints the run class path of a module the build has packaged: MODULE_DIR/target/classes followed
# by MODULE_DIR/target/classpath.txt (written by the build, see the root pom). Fails, printing
# nothing, when the build has not written it or when any entry no longer exists (e.g. the local
# Maven repository it points into was removed): the caller then builds again.
flotilla_classpath() {
  local dir="$1" file="$1/target/classpath.txt" cp entry entries
  [ -d "$dir/target/classes" ] && [ -f "$file" ] || return 1
  cp="$(cat "$file")" || return 1
  [ -n "$cp" ] || return 1
  IFS=: read -r -a entries <<<"$cp"
  for entry in "${entries[@]}"; do
    [ -e "$entry" ] || return 1
  done
  printf '%s:%s\n' "$dir/target/classes" "$cp"
}

# flotilla_bench_classpath ROOT MODULE
# The run class path of the benchmark module MODULE (e.g. benchmarks/jmh, a module of the root
# pom's profile bench), after building it and what it depends on when the sources changed since
# its last build or its outputs are incomplete. The build's output goes to ROOT/target/build-<name>.log.
flotilla_bench_classpath() {
  local root="$1" module="$2" cp
  local log="$root/target/build-${module##*/}.log"
  if flotilla_sources_newer_than "$root" "$root/$module/target/classpath.txt" || ! flotilla_classpath "$root/$module" >/dev/null; then
    echo "flotilla: building $module (first run or sources changed; log: ${log#"$root"/}) ..." >&2
    (cd "$root" && flotilla_run_step "$log" ./mvnw -B -ntp -Pbench -pl "$module" -am -DskipTests package) || return 1
  fi
  cp="$(flotilla_classpath "$root/$module")" || {
    echo "flotilla: the build of $module did not write $module/target/classpath.txt; see $log" >&2
    return 1
  }
  printf '%s\n' "$cp"
}
