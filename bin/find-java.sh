# shellcheck shell=bash
# Sourced by ./flare and .ci/run: finds a JDK >= FLARE_MIN_JAVA (21).
# flare_find_java sets JAVA_HOME and FLARE_JAVA (the java binary) and returns 0, or prints what it looked at to
# stderr and returns 1. Order: $JAVA_HOME, `java` on PATH, then /usr/lib/jvm/* and macOS JDKs (newest first).

FLARE_MIN_JAVA=${FLARE_MIN_JAVA:-21}

# Prints the major version of a java binary (8 for 1.8, 21 for 21.0.2), or nothing when it does not run.
flare_java_major() {
  local spec
  spec=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)
  case "$spec" in
    1.*) echo "${spec#1.}" ;;
    [0-9]*) echo "${spec%%.*}" ;;
  esac
}

flare_find_java() {
  local candidates=() looked=() candidate major best="" best_major=0 dir

  if [ -n "${JAVA_HOME:-}" ]; then
    candidates+=("$JAVA_HOME/bin/java")
  fi
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(command -v java)")
  fi
  for candidate in "${candidates[@]}"; do
    if [ -x "$candidate" ]; then
      major=$(flare_java_major "$candidate")
      looked+=("$candidate (${major:-does not run})")
      if [ -n "$major" ] && [ "$major" -ge "$FLARE_MIN_JAVA" ]; then
        best=$candidate
        break
      fi
    else
      looked+=("$candidate (not found)")
    fi
  done

  if [ -z "$best" ]; then
    for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      candidate="$dir/bin/java"
      [ -x "$candidate" ] || continue
      [ -L "$dir" ] && continue
      major=$(flare_java_major "$candidate")
      looked+=("$candidate (${major:-does not run})")
      if [ -n "$major" ] && [ "$major" -ge "$FLARE_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
  fi

  if [ -z "$best" ]; then
    {
      echo "flare: no JDK ${FLARE_MIN_JAVA} or newer found. Looked at:"
      if [ "${#looked[@]}" -eq 0 ]; then
        echo "  \$JAVA_HOME (unset), java on PATH (none), /usr/lib/jvm/* (none)"
      else
        printf '  %s\n' "${looked[@]}"
      fi
      echo "Install one (for example Temurin 21 or newer) or set JAVA_HOME to it."
    } >&2
    return 1
  fi

  best=$(readlink -f "$best" 2>/dev/null || echo "$best")
  FLARE_JAVA=$best
  JAVA_HOME=$(cd "$(dirname "$best")/.." && pwd)
  export JAVA_HOME
  return 0
}
