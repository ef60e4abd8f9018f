# shellcheck shell=bash
# Sourced by ./flotilla, ./mvnw callers and .ci/run: selects a JDK >= 21 and sets JAVA_HOME.
# Order: $JAVA_HOME if it is new enough, then `java` on PATH, then the newest JDK under
# /usr/lib/jvm (Debian/Ubuntu layout) or /opt/java. Fails with an install hint otherwise.

flotilla_java_major() {
  # Prints the major version of the java binary given as $1 (e.g. 17, 21, 25).
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \(.*\)$/\1/p' | head -n1 | sed 's/^1\.//'
}

flotilla_select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(flotilla_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(flotilla_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$candidate/bin/javac" ] || continue
    [ -L "$candidate" ] && continue
    major=$(flotilla_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "flotilla: no JDK 21 or newer found (checked JAVA_HOME, PATH, /usr/lib/jvm, /opt/java)." >&2
  echo "flotilla: install one, e.g. 'sudo apt-get install openjdk-21-jdk-headless' or Temurin 21+, then retry." >&2
  return 1
}

flotilla_select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries still use sun.misc.Unsafe; JDK 24+ warns about it on every build.
if [ "$(flotilla_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
