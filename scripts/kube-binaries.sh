#!/usr/bin/env bash
# Build kube-apiserver, kubectl and etcd from the Go module proxy and install
# them where fabric8 kube-api-test looks for them:
#
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<version>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
#
# See scripts/README.md for details.
set -euo pipefail

DEFAULT_KUBE_VERSION=1.37.2

usage() {
  cat <<EOF
Usage: $(basename "$0") [--print-dir] [--force] [--help]

Builds kube-apiserver, kubectl and etcd (Go module proxy sources, local Go
toolchain) into the layout used by io.fabric8:kube-api-test:

  \${KUBE_API_TEST_DIR:-\$HOME/.kubeapitest}/k8s/<version>-<os>-<arch>/
      etcd  kube-apiserver  kubectl  .kube-binaries.stamp

If the three binaries and a matching stamp are already there, it exits at once.

Options:
  --print-dir   print the binary directory for the selected version and exit
  --force       rebuild even if the binaries are present
  -h, --help    show this help

Environment:
  KUBE_VERSION        Kubernetes release to build (default ${DEFAULT_KUBE_VERSION}; "v" prefix optional)
  ETCD_VERSION        etcd release (default: the go.etcd.io/etcd/server/v3 version
                      that k8s.io/kubernetes pins in its go.mod)
  KUBE_API_TEST_DIR   kube-api-test directory (default \$HOME/.kubeapitest, same as kube-api-test)
  KUBE_BINARIES_WORK  scratch dir for the wrapper Go module
                      (default \${XDG_CACHE_HOME:-\$HOME/.cache}/toolgate/kube-binaries)
  GO                  go binary (default: go on PATH, else /usr/local/go/bin/go)
  NICE                nice level for the Go builds (default 10)
  GOMODCACHE, GOCACHE, GOPROXY, GOFLAGS are honoured as usual.
EOF
}

log() { printf '[kube-binaries] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

print_dir=false
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --print-dir) print_dir=true ;;
    --force) force=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

kube_version="${KUBE_VERSION:-$DEFAULT_KUBE_VERSION}"
kube_version="${kube_version#v}"
# kube-api-test sorts the directory names with Integer.parseInt on each
# dot-separated part, so only plain X.Y.Z releases are allowed.
[[ "$kube_version" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] \
  || die "KUBE_VERSION must be a released 1.X.Y version, got '${KUBE_VERSION:-}'"
kube_minor="${BASH_REMATCH[1]}"
kube_patch="${BASH_REMATCH[2]}"
staging_version="v0.${kube_minor}.${kube_patch}"

# Same platform naming as kube-api-test's OSInfo: lower-cased os.name, and
# amd64 / arm64 / ppc64le for the architecture.
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  ppc64le) arch=ppc64le ;;
  *) die "unsupported architecture: $(uname -m)" ;;
esac

api_test_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
out_dir="${api_test_dir}/k8s/${kube_version}-${os}-${arch}"
stamp="${out_dir}/.kube-binaries.stamp"

if $print_dir; then
  echo "$out_dir"
  exit 0
fi

is_current() {
  local b
  for b in etcd kube-apiserver kubectl; do
    [[ -x "${out_dir}/${b}" ]] || return 1
  done
  [[ -f "$stamp" ]] || return 1
  grep -qx "kubernetes=v${kube_version}" "$stamp" || return 1
  if [[ -n "${ETCD_VERSION:-}" ]]; then
    grep -qx "etcd=v${ETCD_VERSION#v}" "$stamp" || return 1
  fi
  return 0
}

report() {
  log "kubernetes v${kube_version}, $(grep '^etcd=' "$stamp" | sed 's/^etcd=/etcd /')"
  log "binaries in ${out_dir}"
  echo "$out_dir"
}

if ! $force && is_current; then
  log "up to date"
  report
  exit 0
fi

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
if [[ ! -x "$GO" ]]; then
  # Without Go (a laptop with internet, say) kube-api-test downloads its own binaries instead;
  # on machines that only reach package registries Go is always installed.
  log "Go toolchain not found (set GO=/path/to/go): leaving the binaries to kube-api-test's own download"
  exit 0
fi
# Use the machine's Go; never download another toolchain.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
nice_level="${NICE:-10}"

mkdir -p "${api_test_dir}/k8s"
# Serialise concurrent runs (e.g. parallel builds) on the same directory.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${api_test_dir}/k8s/.kube-binaries.lock"
  flock 9
  if ! $force && is_current; then
    log "up to date (built by a concurrent run)"
    report
    exit 0
  fi
fi

work_root="${KUBE_BINARIES_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/toolgate/kube-binaries}"
work="${work_root}/v${kube_version}"
mkdir -p "$work_root"
cd "$work_root"

log "Go: $("$GO" version)"

# k8s.io/kubernetes (module source, also gives us its go.mod).
if ! kube_info="$("$GO" mod download -json "k8s.io/kubernetes@v${kube_version}")"; then
  die "cannot download k8s.io/kubernetes@v${kube_version}: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$kube_info")"
fi
kube_gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$kube_info")"
kube_time="$(sed -n 's/^[[:space:]]*"Time": "\(.*\)",\{0,1\}$/\1/p' <<<"$kube_info")"
[[ -f "$kube_gomod" ]] || die "no go.mod for k8s.io/kubernetes@v${kube_version}: $kube_info"

etcd_version="${ETCD_VERSION:-$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v3\./ { print $2; exit }' "$kube_gomod")}"
etcd_version="v${etcd_version#v}"
[[ "$etcd_version" =~ ^v3\.[0-9]+\.[0-9]+$ ]] || die "cannot determine the etcd version (got '$etcd_version')"

# Fresh throwaway wrapper module (go.sum is kept between runs).
mkdir -p "$work"
cd "$work"
log "wrapper module: $work"
rm -f go.mod
cat >go.mod <<EOF
// Generated by toolgate scripts/kube-binaries.sh - throwaway, do not commit.
module toolgate.local/kube-binaries

go 1.26
EOF

edits=(
  "-require=k8s.io/kubernetes@v${kube_version}"
  "-require=go.etcd.io/etcd/server/v3@${etcd_version}"
  "-tool=k8s.io/kubernetes/cmd/kube-apiserver"
  "-tool=k8s.io/kubernetes/cmd/kubectl"
  "-tool=go.etcd.io/etcd/server/v3"
)
# k8s.io/kubernetes requires its staging modules as v0.0.0 and points them at
# ./staging/... with replace directives, which only apply inside its own repo.
# Pin each one to the published v0.<minor>.<patch> release instead.
staging_count=0
while read -r mod; do
  edits+=("-replace=${mod}=${mod}@${staging_version}")
  staging_count=$((staging_count + 1))
done < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$kube_gomod")
(( staging_count > 0 )) || die "no staging replace directives found in $kube_gomod"
"$GO" mod edit "${edits[@]}"
log "k8s.io/kubernetes v${kube_version}, ${staging_count} staging modules at ${staging_version}, etcd ${etcd_version}"

nice -n "$nice_level" "$GO" mod tidy

# Version information normally injected by hack/lib/version.sh. The module
# proxy has no git metadata, so gitCommit stays empty and the tree state is
# "archive" (built from a source archive of the release tag).
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=v${kube_version}"
  ldflags+=" -X ${pkg}.gitMajor=1"
  ldflags+=" -X ${pkg}.gitMinor=${kube_minor}"
  ldflags+=" -X ${pkg}.gitTreeState=archive"
  ldflags+=" -X ${pkg}.buildDate=${kube_time:-1970-01-01T00:00:00Z}"
done

# Staging dir must not end in -<os>-<arch>: kube-api-test would list it.
stage="${api_test_dir}/k8s/.${kube_version}-${os}-${arch}.partial.$$"
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT

start=$SECONDS
log "building kube-apiserver and kubectl (this takes a while on a cold cache)"
nice -n "$nice_level" "$GO" build -trimpath -ldflags "$ldflags" -o "$stage/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
log "building etcd ${etcd_version}"
nice -n "$nice_level" "$GO" build -trimpath -ldflags "-s -w" -o "$stage/etcd" go.etcd.io/etcd/server/v3
log "go build took $((SECONDS - start))s"

# Smoke-check the binaries before installing them.
apiserver_version="$("$stage/kube-apiserver" --version)"
[[ "$apiserver_version" == "Kubernetes v${kube_version}" ]] \
  || die "unexpected kube-apiserver --version output: $apiserver_version"
"$stage/kubectl" version --client >/dev/null
etcd_reported="$("$stage/etcd" --version | sed -n 's/^etcd Version: //p')"
[[ "v${etcd_reported}" == "$etcd_version" ]] \
  || die "unexpected etcd --version: $("$stage/etcd" --version)"

cat >"$stage/.kube-binaries.stamp" <<EOF
kubernetes=v${kube_version}
etcd=${etcd_version}
go=$("$GO" env GOVERSION)
EOF

rm -rf "$out_dir"
mv "$stage" "$out_dir"
trap - EXIT
report
