# shellcheck shell=bash
# Shared by bin/tributary and bin/test (sourced, not run): locate a JDK 21+ and Maven.
#
# tributary_find_java sets TRIBUTARY_JAVA_HOME and TRIBUTARY_JAVA_MAJOR. Search order:
#   1. $JAVA_HOME, if it is a JDK 21 or newer;
#   2. the `java` on PATH, if it belongs to a JDK 21 or newer;
#   3. the newest JDK 21+ under $TRIBUTARY_JDK_DIRS (default: /usr/lib/jvm/*, /usr/java/*,
#      /opt/java/*, /Library/Java/JavaVirtualMachines/*/Contents/Home).
# A JDK (with javac) is required, not a bare JRE: the launcher builds the project on first use.

TRIBUTARY_MIN_JAVA=21

# Prints the feature version (17, 21, 25, ...) of the JDK whose home is $1; fails if $1 is not a JDK.
tributary_java_major() {
  local home=$1 version=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    tributary_release_lines version "$home/release" JAVA_VERSION # JAVA_VERSION="25.0.3"<space>
    version=${version#JAVA_VERSION=}
    version=${version%% *}
    version=${version//\"/}
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $version in 1.*) version=${version#1.} ;; esac
  version=${version%%[!0-9]*}
  [ -n "$version" ] || return 1
  echo "$version"
}

# Sets the variable named $1 to the first line of the file $2 without starting a process (the
# launcher's own start-up time counts); fails when the file is empty or unreadable.
tributary_first_line() {
  local line=
  { IFS= read -r line || [ -n "$line" ]; } < "$2" 2>/dev/null || return 1
  printf -v "$1" '%s' "$line"
}

# Sets the variable named $1 to the lines of the file $2 that start with one of the keys $3...
# followed by '=', each followed by a space, in file order.
tributary_release_lines() {
  local out=$1 file=$2 line key found=
  shift 2
  if [ -r "$file" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      for key in "$@"; do
        case $line in "$key"=*) found="$found$line " ;; esac
      done
    done < "$file"
  fi
  printf -v "$out" '%s' "$found"
}

tributary_find_java() {
  local candidate major checked=() best= best_major=0 java_bin
  if [ -n "${JAVA_HOME:-}" ]; then
    if major=$(tributary_java_major "$JAVA_HOME") && [ "$major" -ge "$TRIBUTARY_MIN_JAVA" ]; then
      TRIBUTARY_JAVA_HOME=$JAVA_HOME TRIBUTARY_JAVA_MAJOR=$major
      return 0
    fi
    checked+=("JAVA_HOME=$JAVA_HOME${major:+ (Java $major)}")
  fi
  major=
  if java_bin=$(command -v java 2>/dev/null); then
    java_bin=$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")
    candidate=${java_bin%/bin/java}
    if major=$(tributary_java_major "$candidate") && [ "$major" -ge "$TRIBUTARY_MIN_JAVA" ]; then
      TRIBUTARY_JAVA_HOME=$candidate TRIBUTARY_JAVA_MAJOR=$major
      return 0
    fi
    checked+=("java on PATH=$java_bin${major:+ (Java $major)}")
  fi
  local dirs=${TRIBUTARY_JDK_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home}
  for candidate in $dirs; do
    [ -d "$candidate" ] || continue
    major=$(tributary_java_major "$candidate") || continue
    if [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done
  if [ -n "$best" ] && [ "$best_major" -ge "$TRIBUTARY_MIN_JAVA" ]; then
    TRIBUTARY_JAVA_HOME=$best TRIBUTARY_JAVA_MAJOR=$best_major
    return 0
  fi
  checked+=("$dirs${best:+ (newest: Java $best_major)}")
  {
    echo "error: Tributary needs a JDK $TRIBUTARY_MIN_JAVA or newer, and none was found."
    local c
    for c in "${checked[@]}"; do echo "  checked: $c"; done
    echo "Install a JDK $TRIBUTARY_MIN_JAVA+ or set JAVA_HOME to one."
  } >&2
  return 1
}

# Sets TRIBUTARY_MVN to the project's Maven wrapper if it has one, else `mvn` on PATH.
tributary_find_maven() {
  local root=$1
  if [ -x "$root/mvnw" ]; then
    TRIBUTARY_MVN=$root/mvnw
  elif TRIBUTARY_MVN=$(command -v mvn 2>/dev/null); then
    :
  else
    echo "error: Maven (mvn) is not on PATH; install Maven 3.8+." >&2
    return 1
  fi
}

# Quiets JDK 24+ warnings about Maven's own use of sun.misc.Unsafe (call after tributary_find_java).
tributary_maven_opts() {
  if [ "${TRIBUTARY_JAVA_MAJOR:-0}" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *" --sun-misc-unsafe-memory-access="*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
