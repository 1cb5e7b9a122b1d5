# shellcheck shell=bash
# Shared by bin/test (sourced, not run, after java.sh): sets up what the test suite drives.
#
# tributary_test_prereqs ROOT makes sure of, or fails with one line saying what to run:
#   - the Debian packages kcat (/usr/bin/kcat), python3-kafka, python3-confluent-kafka,
#     python3-requests and python3-jsonschema (they
#     must import in /usr/bin/python3, the interpreter the tests run: a python3 earlier on the PATH,
#     such as pyenv's, does not see Debian's modules), iproute2 (ss), nodejs and npm, and Maven and
#     a JDK 21+ when none is found. apt-get installs them when running as root or with passwordless
#     sudo; it updates its package lists first, and only when something is missing.
#   - kafkajs in it/src/test/node/node_modules: `npm ci` there when it is missing or was installed
#     from another package-lock.json (node_modules keeps a copy of the lock it was installed from).

TRIBUTARY_PREREQS_PREFIX=bin/test

# Sets TRIBUTARY_MISSING to the Debian packages (space-separated) whose part is missing, and
# TRIBUTARY_NEED_JDK to true when no JDK 21+ is found.
tributary_missing_packages() {
  local root=$1
  TRIBUTARY_MISSING=
  [ -x /usr/bin/kcat ] || TRIBUTARY_MISSING="$TRIBUTARY_MISSING kcat"
  /usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING python3-kafka"
  /usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1 ||
    TRIBUTARY_MISSING="$TRIBUTARY_MISSING python3-confluent-kafka"
  # confluent-kafka's SchemaRegistryClient and JSON Schema serdes, for the schema registry's tests
  /usr/bin/python3 -c 'import requests' >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING python3-requests"
  /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 ||
    TRIBUTARY_MISSING="$TRIBUTARY_MISSING python3-jsonschema"
  command -v ss >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING iproute2"
  command -v node >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING nodejs"
  command -v npm >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING npm"
  [ -x "$root/mvnw" ] || command -v mvn >/dev/null 2>&1 || TRIBUTARY_MISSING="$TRIBUTARY_MISSING maven"
  TRIBUTARY_MISSING=${TRIBUTARY_MISSING# }
  TRIBUTARY_NEED_JDK=false
  tributary_find_java >/dev/null 2>&1 || TRIBUTARY_NEED_JDK=true
}

# What is missing, in words: the packages, and a JDK when none is found.
tributary_missing_words() {
  local words=$TRIBUTARY_MISSING
  if $TRIBUTARY_NEED_JDK; then words="${words:+$words and }a JDK $TRIBUTARY_MIN_JAVA+"; fi
  echo "$words"
}

# Prints the first Debian JDK package (25, then 21) apt-get can install; fails if there is none.
tributary_jdk_package() {
  local jdk
  for jdk in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-cache policy "$jdk" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      echo "$jdk"
      return 0
    fi
  done
  return 1
}

# Installs what tributary_missing_packages found missing with apt-get, or says what to run.
tributary_install_packages() {
  local sudo='' packages=$TRIBUTARY_MISSING jdk
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
      sudo="sudo -n"
    else
      sudo=none
    fi
  fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    local run=''
    if [ -z "$packages" ]; then
      :
    elif command -v apt-get >/dev/null 2>&1; then
      run="run: sudo apt-get update && sudo apt-get install -y $packages"
    else
      run="install them (Debian's names) with this system's package manager"
    fi
    if $TRIBUTARY_NEED_JDK; then
      run="${run:+$run, and }install a JDK $TRIBUTARY_MIN_JAVA+ or set JAVA_HOME to one"
    fi
    echo "$TRIBUTARY_PREREQS_PREFIX: the tests need $(tributary_missing_words); $run" >&2
    return 1
  fi
  # a shared machine may be running apt-get already: wait for its lock instead of failing
  local apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600"
  echo "$TRIBUTARY_PREREQS_PREFIX: installing $(tributary_missing_words) (apt-get)" >&2
  $apt update || echo "$TRIBUTARY_PREREQS_PREFIX: apt-get update failed; trying the package lists as they are" >&2
  if $TRIBUTARY_NEED_JDK; then
    if jdk=$(tributary_jdk_package); then
      packages="${packages:+$packages }$jdk"
    else
      echo "$TRIBUTARY_PREREQS_PREFIX: apt-get has no JDK $TRIBUTARY_MIN_JAVA+ package here;" \
        "install one or set JAVA_HOME to one" >&2
      return 1
    fi
  fi
  # shellcheck disable=SC2086 # $apt and $packages are word lists
  if ! $apt install -y $packages; then
    echo "$TRIBUTARY_PREREQS_PREFIX: apt-get install -y $packages failed" >&2
    return 1
  fi
}

# npm ci in it/src/test/node unless node_modules holds what its package-lock.json pins.
tributary_node_clients() {
  local dir=$1/it/src/test/node
  local copy=$dir/node_modules/.tributary-package-lock.json
  if [ -d "$dir/node_modules/kafkajs" ] && cmp -s "$dir/package-lock.json" "$copy"; then
    return 0
  fi
  echo "$TRIBUTARY_PREREQS_PREFIX: installing the Node.js test clients (npm ci in it/src/test/node)" >&2
  if ! npm ci --prefix "$dir" --no-audit --no-fund; then
    echo "$TRIBUTARY_PREREQS_PREFIX: npm ci failed; run: npm ci --prefix it/src/test/node" >&2
    return 1
  fi
  cp "$dir/package-lock.json" "$copy"
}

# Everything above; fails (having said why) when the tests cannot run here yet.
tributary_test_prereqs() {
  local root=$1
  tributary_missing_packages "$root"
  if [ -n "$TRIBUTARY_MISSING" ] || $TRIBUTARY_NEED_JDK; then
    tributary_install_packages || return 1
    tributary_missing_packages "$root"
    if [ -n "$TRIBUTARY_MISSING" ] || $TRIBUTARY_NEED_JDK; then
      echo "$TRIBUTARY_PREREQS_PREFIX: still missing after apt-get install: $(tributary_missing_words)" >&2
      return 1
    fi
  fi
  tributary_node_clients "$root"
}
