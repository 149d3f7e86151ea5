#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine, for the tests that need pods to run:
# containerd + runc from Debian, kubelet, kube-controller-manager, kube-scheduler, kube-proxy
# (iptables), kube-router (NetworkPolicy only) and CoreDNS, all built from the Go module proxy, on
# the kube-apiserver, etcd and kubectl of scripts/kube-binaries.sh. No registry: images are
# imported into containerd. No systemd: every process is started here and stopped by its PID.
#
# See scripts/README.md (kube-node.sh) for what it changes on the machine and how long it takes.
set -euo pipefail

DEFAULT_KUBE_VERSION=1.37.2
# The only v2 release of kube-router on the Go module proxy (security advisories exist for it; it
# only ever sees this machine's test pods).
KUBE_ROUTER_VERSION=v2.1.0
# CoreDNS v1.15.0 builds against client-go v0.37.1, the release next to ours.
COREDNS_VERSION=v1.15.0

usage() {
  cat <<EOF
Usage: $(basename "$0") COMMAND [--dir DIR]

Commands:
  build           build kubelet, kube-controller-manager, kube-scheduler, kube-proxy (Kubernetes
                  v${KUBE_VERSION:-$DEFAULT_KUBE_VERSION}), kube-router ${KUBE_ROUTER_VERSION} and CoreDNS ${COREDNS_VERSION}
                  (and, through scripts/kube-binaries.sh, kube-apiserver, etcd, kubectl); a no-op
                  when they are current
  check           check the preconditions; exit 0 when a node can run here, else exit 3 and print
                  the reason on stdout (one line starting "kube-node: cannot run here:")
  start           start a node with all its state under DIR (created); waits for the node to be
                  Ready and cluster DNS to answer; prints KUBECONFIG=<admin kubeconfig> on stdout
  load TAR...     import image tarballs (docker save / Jib buildTar format) into the node's containerd
  stop            stop the node of DIR by the PIDs it recorded, remove its pods, network and iptables
                  rules, restore the sysctls it changed; PURGE=1 also deletes DIR
  status          what runs, by PID, and the node's state
  --print-dir     print the directory of the built binaries
  -h, --help      this help

Options:
  --dir DIR       the node's state directory (default \${KUBE_NODE_DIR:-/tmp/toolgate-kube-node})

One node per machine (fixed ports: API server 16443, etcd 23790/23800, kubelet 10250): a second
start fails while another state directory's node runs (lock ${OWNER_FILE:-/run/toolgate-kube-node.owner}).

Environment:
  KUBE_VERSION        Kubernetes release (default ${DEFAULT_KUBE_VERSION})
  KUBE_NODE_CACHE     where builds and binaries are kept
                      (default \${XDG_CACHE_HOME:-\$HOME/.cache}/toolgate/kube-node)
  GO                  go binary (default: go on PATH, else /usr/local/go/bin/go)
  NICE                nice level of the Go builds (default 19)
EOF
}

log() { printf '[kube-node] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command="${1:-}"
[[ -n "$command" ]] || { usage >&2; exit 2; }
shift
node_dir="${KUBE_NODE_DIR:-/tmp/toolgate-kube-node}"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) node_dir="$2"; shift ;;
    --dir=*) node_dir="${1#--dir=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done

script_dir="$(cd "$(dirname "$0")" && pwd)"
kube_version="${KUBE_VERSION:-$DEFAULT_KUBE_VERSION}"
kube_version="${kube_version#v}"
[[ "$kube_version" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] \
  || die "KUBE_VERSION must be a released 1.X.Y version, got '${KUBE_VERSION:-}'"
kube_minor="${BASH_REMATCH[1]}"
kube_patch="${BASH_REMATCH[2]}"
cache="${KUBE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/toolgate/kube-node}"
bin_dir="${cache}/bin/v${kube_version}"
stamp="${bin_dir}/.kube-node.stamp"
node_binaries=(kubelet kube-controller-manager kube-scheduler kube-proxy kube-router coredns)
nice_level="${NICE:-19}"

# Fixed addresses of the one node a machine runs.
APISERVER_PORT=16443
ETCD_PORT=23790
ETCD_PEER_PORT=23800
KUBE_ROUTER_HEALTH_PORT=20244
NODE_NAME=toolgate-node
POD_CIDR=10.244.0.0/24
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
DNS_SERVICE_IP=10.96.0.10
BRIDGE=toolgate0
CNI_NETWORK=toolgate-node
ISOLATE_CHAIN=TOOLGATE-NODE-ISOLATE
OWNER_FILE="${OWNER_FILE:-/run/toolgate-kube-node.owner}"
LOCK_FILE="${LOCK_FILE:-/run/lock/toolgate-kube-node.lock}"
fixed_ports=("$APISERVER_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" 10248 10249 10250 10256 10257 10259
  "$KUBE_ROUTER_HEALTH_PORT")
# Sysctls the kubelet, kube-proxy and the CNI bridge plugin may change: saved at start, restored
# at stop.
saved_sysctls=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.ip_forward
  net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet
  net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait)

k8s_bin() { bash "$script_dir/kube-binaries.sh" --print-dir; }

# ---------------------------------------------------------------------------------------------
# build

binaries_current() {
  local b
  for b in "${node_binaries[@]}"; do
    [[ -x "${bin_dir}/${b}" ]] || return 1
  done
  [[ -f "$stamp" ]] || return 1
  grep -qx "kubernetes=v${kube_version}" "$stamp" \
    && grep -qx "kube-router=${KUBE_ROUTER_VERSION}" "$stamp" \
    && grep -qx "coredns=${COREDNS_VERSION}" "$stamp"
}

# A throwaway module that requires k8s.io/kubernetes with its staging modules pinned to the
# published releases (as scripts/kube-binaries.sh does) and builds the node's four commands.
build_kubernetes() {
  local out="$1" work="${cache}/k8s-v${kube_version}"
  mkdir -p "$work"
  cd "$work"
  local info gomod
  info="$("$GO" mod download -json "k8s.io/kubernetes@v${kube_version}")" \
    || die "cannot download k8s.io/kubernetes@v${kube_version}: $info"
  gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
  local build_date
  build_date="$(sed -n 's/^[[:space:]]*"Time": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
  rm -f go.mod
  cat >go.mod <<EOF
// Generated by toolgate scripts/kube-node.sh - throwaway, do not commit.
module toolgate.local/kube-node

go 1.26
EOF
  local edits=("-require=k8s.io/kubernetes@v${kube_version}")
  local cmd
  for cmd in kubelet kube-controller-manager kube-scheduler kube-proxy; do
    edits+=("-tool=k8s.io/kubernetes/cmd/${cmd}")
  done
  local mod count=0
  while read -r mod; do
    edits+=("-replace=${mod}=${mod}@v0.${kube_minor}.${kube_patch}")
    count=$((count + 1))
  done < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$gomod")
  ((count > 0)) || die "no staging replace directives in $gomod"
  "$GO" mod edit "${edits[@]}"
  nice -n "$nice_level" "$GO" mod tidy
  local ldflags="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X ${pkg}.gitVersion=v${kube_version} -X ${pkg}.gitMajor=1"
    ldflags+=" -X ${pkg}.gitMinor=${kube_minor} -X ${pkg}.gitTreeState=archive"
    ldflags+=" -X ${pkg}.buildDate=${build_date:-1970-01-01T00:00:00Z}"
  done
  log "building kubelet, kube-controller-manager, kube-scheduler, kube-proxy v${kube_version}"
  nice -n "$nice_level" "$GO" build -trimpath -ldflags "$ldflags" -o "$out/" \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy
}

build_kube_router() {
  local out="$1"
  log "building kube-router ${KUBE_ROUTER_VERSION}"
  (cd "$cache" && GOBIN="$out" nice -n "$nice_level" "$GO" install -trimpath -ldflags "-s -w" \
    "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@${KUBE_ROUTER_VERSION}")
}

# CoreDNS with only the plugins cluster DNS uses (its own main imports every plugin, clouds
# included): the same coremain, the upstream plugin order.
build_coredns() {
  local out="$1" work="${cache}/coredns-${COREDNS_VERSION}"
  mkdir -p "$work"
  cd "$work"
  rm -f go.mod
  cat >go.mod <<EOF
// Generated by toolgate scripts/kube-node.sh - throwaway, do not commit.
module toolgate.local/coredns

go 1.26
EOF
  cat >main.go <<'EOF'
// Generated by toolgate scripts/kube-node.sh: CoreDNS with the plugins of cluster DNS only.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

// In CoreDNS's own order (plugin.cfg): a plugin sees the effects of those after it.
func init() {
	dnsserver.Directives = []string{"ready", "health", "errors", "log", "loadbalance", "cache", "kubernetes"}
}

func main() { coremain.Run() }
EOF
  "$GO" mod edit "-require=github.com/coredns/coredns@${COREDNS_VERSION}"
  nice -n "$nice_level" "$GO" mod tidy
  log "building CoreDNS ${COREDNS_VERSION}"
  nice -n "$nice_level" "$GO" build -trimpath -ldflags "-s -w" -o "$out/coredns" .
}

cmd_build() {
  bash "$script_dir/kube-binaries.sh" >/dev/null
  if binaries_current; then
    log "node binaries up to date in ${bin_dir}"
    return 0
  fi
  GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
  if [[ ! -x "$GO" ]]; then
    # The cluster tests then skip themselves ("node binaries are not built").
    log "no Go toolchain (set GO=/path/to/go): the node's binaries are built from the Go module proxy; not building them"
    return 0
  fi
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0
  mkdir -p "${cache}/bin"
  exec 8>"${cache}/.build.lock"
  flock 8
  if binaries_current; then
    log "node binaries up to date (built by a concurrent run)"
    return 0
  fi
  log "Go: $("$GO" version)"
  local stage="${cache}/bin/.v${kube_version}.partial.$$"
  rm -rf "$stage"
  mkdir -p "$stage"
  trap 'rm -rf "$stage"' EXIT
  local start=$SECONDS t
  build_kubernetes "$stage"
  log "kubernetes commands took $((SECONDS - start))s"
  t=$SECONDS
  build_kube_router "$stage"
  log "kube-router took $((SECONDS - t))s"
  t=$SECONDS
  build_coredns "$stage"
  log "CoreDNS took $((SECONDS - t))s"

  local v
  v="$("$stage/kubelet" --version)"
  [[ "$v" == "Kubernetes v${kube_version}" ]] || die "unexpected kubelet --version: $v"
  "$stage/kube-router" --version >/dev/null 2>&1
  "$stage/coredns" -plugins | grep -qE "^(dns\.)?kubernetes$" || die "CoreDNS lacks its kubernetes plugin"
  cat >"$stage/.kube-node.stamp" <<EOF
kubernetes=v${kube_version}
kube-router=${KUBE_ROUTER_VERSION}
coredns=${COREDNS_VERSION}
go=$("$GO" env GOVERSION)
EOF
  rm -rf "$bin_dir"
  mv "$stage" "$bin_dir"
  trap - EXIT
  log "node binaries in ${bin_dir} (build took $((SECONDS - start))s)"
}

# ---------------------------------------------------------------------------------------------
# check

cannot() {
  echo "kube-node: cannot run here: $*"
  exit 3
}

cmd_check() {
  [[ "$(uname -s)" == Linux ]] || cannot "not Linux"
  [[ "$(id -u)" == 0 ]] || cannot "not root (the kubelet, containerd and iptables need root)"
  local missing=() c
  for c in containerd containerd-shim-runc-v2 ctr runc iptables ipset conntrack openssl ip flock \
    curl busybox nsenter; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  for c in bridge host-local loopback; do
    [[ -x "/usr/lib/cni/$c" ]] || missing+=("/usr/lib/cni/$c")
  done
  ((${#missing[@]} == 0)) || cannot "missing ${missing[*]} (Debian packages containerd runc" \
    "containernetworking-plugins iptables ipset conntrack openssl busybox-static iproute2 curl;" \
    ".ci/run installs them)"
  if [[ ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
    for c in cpu cpuacct cpuset memory devices freezer pids; do
      grep -qE "^cgroup [^ ]+ cgroup [^ ]*\b${c}\b" /proc/mounts \
        || cannot "cgroup v1 controller '$c' is not mounted (and no cgroup v2 unified hierarchy)"
    done
  fi
  grep -qw overlay /proc/filesystems || cannot "no overlayfs in this kernel (containerd's snapshotter)"
  iptables -t mangle -S >/dev/null 2>&1 || cannot "iptables does not work here: $(iptables -t mangle -S 2>&1 | head -1)"
  iptables -t nat -S >/dev/null 2>&1 || cannot "iptables has no nat table here (kube-proxy)"
  ipset list -n >/dev/null 2>&1 || cannot "ipset does not work here: $(ipset list -n 2>&1 | head -1)"
  [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] \
    || cannot "no bridge netfilter (net.bridge.bridge-nf-call-iptables): NetworkPolicy could not see pod traffic"
  [[ -e /proc/sys/net/netfilter/nf_conntrack_max ]] || cannot "no conntrack in this kernel"
  local k8s
  k8s="$(k8s_bin)"
  for c in etcd kube-apiserver kubectl; do
    [[ -x "$k8s/$c" ]] || cannot "$k8s/$c is not built (scripts/kube-binaries.sh)"
  done
  binaries_current || cannot "node binaries are not built ($0 build)"
  local owner
  owner="$(cat "$OWNER_FILE" 2>/dev/null || true)"
  if [[ -n "$owner" && "$owner" != "$(realpath -m "$node_dir")" ]] && node_alive "$owner"; then
    cannot "another node runs on this machine (state in $owner; stop it with $0 stop --dir $owner)"
  fi
  local port
  for port in "${fixed_ports[@]}"; do
    if port_in_use "$port" && [[ "$owner" != "$(realpath -m "$node_dir")" ]]; then
      cannot "port $port is in use by another program (the node's ports are fixed)"
    fi
  done
  echo "kube-node: preconditions met"
}

port_in_use() {
  # /proc/net/tcp lists listening sockets (state 0A) with the port in hex.
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6
}

node_alive() {
  local dir="$1" name pid
  for name in kube-apiserver kubelet containerd etcd; do
    pid="$(cat "$dir/run/$name.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && return 0
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# start

stamp_time() { printf '[kube-node %5ds] %s\n' "$((SECONDS - started))" "$*" >&2; }

start_process() { # NAME COMMAND...: in the background, log in logs/NAME.log, pid in run/NAME.pid
  local name="$1"
  shift
  local pid_file="$run/$name.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    stamp_time "$name already runs (pid $(cat "$pid_file"))"
    return 0
  fi
  # setsid: the node outlives the shell (and the Maven build) that started it; the lock's
  # descriptors stay here, or the node would hold the lock as long as it runs.
  setsid "$@" >"$logs/$name.log" 2>&1 </dev/null 7>&- 8>&- &
  echo $! >"$pid_file"
  stamp_time "started $name (pid $!)"
}

wait_for() { # DESCRIPTION SECONDS COMMAND...
  local what="$1" seconds="$2" i
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@" >/dev/null 2>&1; then
      stamp_time "$what"
      return 0
    fi
    sleep 0.2
  done
  die "timed out after ${seconds}s waiting for: $what (logs in $logs)"
}

node_ip() {
  ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p'
}

make_pki() {
  local pki="$dir/pki"
  [[ -f "$pki/ca.crt" ]] && return 0
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
      -subj "/CN=toolgate-kube-node-ca" 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    cert() { # NAME SUBJECT [SUBJECT-ALT-NAMES]
      local name="$1" subject="$2" san="${3:-}"
      openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
      {
        echo "basicConstraints=CA:FALSE"
        echo "keyUsage=critical,digitalSignature,keyEncipherment"
        if [[ -n "$san" ]]; then
          echo "extendedKeyUsage=serverAuth,clientAuth"
          echo "subjectAltName=$san"
        else
          echo "extendedKeyUsage=clientAuth"
        fi
      } >"$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" \
        -days 30 -extfile "$name.ext" 2>/dev/null
      rm -f "$name.csr" "$name.ext"
    }
    cert apiserver "/CN=kube-apiserver" \
      "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1,IP:$ip"
    cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
    cert admin "/O=system:masters/CN=kubernetes-admin"
    cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"
    cert controller-manager "/CN=system:kube-controller-manager"
    cert scheduler "/CN=system:kube-scheduler"
    cert kube-proxy "/CN=system:kube-proxy"
    # kube-router reads pods, namespaces and NetworkPolicies: admin is simplest on a test node.
    cert kube-router "/O=system:masters/CN=kube-router"
  )
  local name
  for name in admin kubelet controller-manager scheduler kube-proxy kube-router; do
    cat >"$dir/etc/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: toolgate-node
  cluster: {certificate-authority: $pki/ca.crt, server: "https://127.0.0.1:$APISERVER_PORT"}
users:
- name: $name
  user: {client-certificate: $pki/$name.crt, client-key: $pki/$name.key}
contexts:
- name: toolgate-node
  context: {cluster: toolgate-node, user: $name}
current-context: toolgate-node
EOF
  done
}

write_configs() {
  cat >"$dir/etc/containerd.toml" <<EOF
# containerd 1.6 (Debian) for the toolgate test node: all state under $dir.
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"

[grpc]
  address = "$run/containerd.sock"

[plugins."io.containerd.grpc.v1.cri"]
  # No registry is reachable: the pause image is imported (busybox sleeping).
  sandbox_image = "localhost/toolgate-node/pause:1"
  disable_apparmor = true
  enable_selinux = false
  # This machine's root lacks CAP_SYS_RESOURCE, so no process may lower oom_score_adj below 0;
  # the kubelet asks -998 for pod sandboxes and runc fails every pod ("can't get final child's PID
  # from pipe: EOF"). This clamps the requested scores to containerd's own.
  restrict_oom_score_adj = true
  # Pod network namespaces under the state dir, not /run/netns.
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$dir/runc"
        SystemdCgroup = false
  # Images come from imports only: a pull of an image on Docker Hub (a missing or misspelt one)
  # goes to a closed port on this machine and fails, as a pull from an unreachable registry does.
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/etc/registry"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
    max_conf_num = 1
EOF
  mkdir -p "$dir/etc/registry/docker.io"
  # containerd 1.6 refuses a hosts.toml without a host table ("invalid `host` tree").
  cat >"$dir/etc/registry/docker.io/hosts.toml" <<'EOF'
server = "http://127.0.0.1:9"

[host."http://127.0.0.1:9"]
  capabilities = ["pull", "resolve"]
EOF
  mkdir -p "$dir/cni/net.d"
  # No masquerade: pod traffic never leaves the machine (routed traffic off the bridge is dropped).
  cat >"$dir/cni/net.d/10-toolgate-node.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "$CNI_NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "${POD_CIDR%.0/24}.1"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$dir/cni/ipam"
      }
    }
  ]
}
EOF
  cat >"$dir/etc/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This machine mounts cgroup v1; kubelet >= 1.35 refuses it unless told not to.
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$run/containerd.sock
imageServiceEndpoint: unix://$run/containerd.sock
podLogsDir: $dir/kubelet/pod-logs
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $dir/pki/ca.crt}
authorization:
  mode: Webhook
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
clusterDomain: cluster.local
clusterDNS: [$DNS_SERVICE_IP]
# Pods get cluster DNS only, never the machine's resolvers.
resolvConf: ""
failSwapOn: false
# Imported images are the only copies: never garbage-collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: "100Mi"
  nodefs.available: "1%"
  imagefs.available: "1%"
  nodefs.inodesFree: "1%"
maxPods: 110
registerNode: true
serializeImagePulls: false
EOF
}

# Hand-assembled "docker save" archives: manifest.json, the config, one layer.
make_image() { # NAME:TAG ROOTFS ENTRYPOINT-JSON USER
  local ref="$1" rootfs="$2" entrypoint="$3" user="$4" work
  work="$(mktemp -d "$dir/images/.build.XXXXXX")"
  mkdir -p "$work/layer"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$work/layer/layer.tar" .
  local diff_id config_id
  diff_id="$(sha256sum "$work/layer/layer.tar" | cut -c1-64)"
  cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"$user","Env":["PATH=/bin"],"Entrypoint":$entrypoint,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/kube-node.sh"}]}
EOF
  config_id="$(sha256sum "$work/config.json" | cut -c1-64)"
  mv "$work/config.json" "$work/$config_id.json"
  echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$ref\"],\"Layers\":[\"layer/layer.tar\"]}]" >"$work/manifest.json"
  local out
  out="$dir/images/$(tr '/:' '__' <<<"$ref").tar"
  tar -C "$work" -cf "$out" manifest.json "$config_id.json" layer/layer.tar
  rm -rf "$work"
  echo "$out"
}

# localhost/toolgate-node/busybox:1: Debian's busybox-static with every applet (sh, nc, wget,
# nslookup, httpd, id, touch), for probes and as the pod sandbox ("pause") image;
# localhost/toolgate-node/httpd:1: the same, serving /www on port 8080;
# localhost/toolgate-node/coredns:<version>: the CoreDNS binary alone.
make_images() {
  mkdir -p "$dir/images"
  local rootfs="$dir/images/busybox-rootfs" applet busybox
  busybox="$(command -v busybox)"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,www}
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/tmp:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo "busybox on the toolgate test node" >"$rootfs/www/index.html"
  images=()
  images+=("$(make_image localhost/toolgate-node/busybox:1 "$rootfs" '["/bin/sh"]' "")")
  images+=("$(make_image localhost/toolgate-node/pause:1 "$rootfs" '["/bin/sleep","infinity"]' "")")
  # An HTTP server on 8080 with a shell beside it: a worker whose sandbox tests can exec into.
  images+=("$(make_image localhost/toolgate-node/httpd:1 "$rootfs" '["/bin/httpd","-f","-p","8080","-h","/www"]' "")")
  local dns_root="$dir/images/coredns-rootfs"
  rm -rf "$dns_root"
  mkdir -p "$dns_root"/{etc,tmp}
  cp "$bin_dir/coredns" "$dns_root/coredns"
  images+=("$(make_image "localhost/toolgate-node/coredns:${COREDNS_VERSION#v}" "$dns_root" '["/coredns"]' "")")
  rm -rf "$rootfs" "$dns_root"
}

ctr_node() { ctr --address "$run/containerd.sock" -n k8s.io "$@"; }

cmd_load() {
  dir="$(realpath -m "$node_dir")"
  run="$dir/run"
  [[ -S "$run/containerd.sock" ]] || die "no node runs in $dir"
  local tar
  for tar in "$@"; do
    [[ -f "$tar" ]] || die "no such image tarball: $tar"
    ctr_node images import --no-unpack=false "$tar" >/dev/null
    log "imported $(tar -xOf "$tar" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p')"
  done
}

# Cluster DNS as production has it: CoreDNS pods labelled k8s-app=kube-dns in kube-system behind
# the kube-dns Service, so NetworkPolicies that allow DNS to those pods are tested as written.
dns_manifest() {
  cat <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
- {kind: ServiceAccount, name: coredns, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
        }
        cache 30
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      priorityClassName: system-cluster-critical
      terminationGracePeriodSeconds: 1
      containers:
      - name: coredns
        image: localhost/toolgate-node/coredns:${COREDNS_VERSION#v}
        imagePullPolicy: Never
        args: [-conf, /etc/coredns/Corefile]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
        readinessProbe:
          httpGet: {path: /ready, port: 8181}
          periodSeconds: 1
        livenessProbe:
          httpGet: {path: /health, port: 8080}
        volumeMounts:
        - {name: config, mountPath: /etc/coredns, readOnly: true}
      volumes:
      - name: config
        configMap: {name: coredns}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_SERVICE_IP
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
EOF
}

save_sysctls() {
  [[ -f "$run/sysctl.saved" ]] && return 0
  local key
  for key in "${saved_sysctls[@]}"; do
    [[ -e "/proc/sys/${key//.//}" ]] && echo "$key=$(cat "/proc/sys/${key//.//}" | tr '\t' ' ')"
  done >"$run/sysctl.saved.tmp"
  mv "$run/sysctl.saved.tmp" "$run/sysctl.saved"
}

take_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 7>"$LOCK_FILE"
  flock -w 300 7 || die "another kube-node.sh start or stop holds $LOCK_FILE"
}

cmd_start() {
  local reason
  if ! reason="$(cmd_check)"; then
    die "${reason#kube-node: }"
  fi
  dir="$(realpath -m "$node_dir")"
  run="$dir/run"
  logs="$dir/logs"
  take_lock
  local owner
  owner="$(cat "$OWNER_FILE" 2>/dev/null || true)"
  if [[ -n "$owner" && "$owner" != "$dir" ]]; then
    if node_alive "$owner"; then
      die "another node runs on this machine (state in $owner)"
    fi
    log "the node of $owner is gone without a stop: cleaning up after it"
    (node_dir="$owner" cmd_stop_locked) || true
  fi
  mkdir -p "$run" "$logs" "$dir/etc" "$dir/kubelet"
  echo "$dir" >"$OWNER_FILE"
  started=$SECONDS
  local k8s
  k8s="$(k8s_bin)"
  ip="$(node_ip)"
  [[ -n "$ip" ]] || die "cannot tell this machine's address (ip route get 1.1.1.1)"
  kubectl_admin=("$k8s/kubectl" --kubeconfig "$dir/etc/admin.kubeconfig")

  save_sysctls
  sysctl -qw net.bridge.bridge-nf-call-iptables=1
  # The bridge plugin (isGateway) turns on ip_forward: drop whatever would be routed between the
  # pod bridge and any other interface, so pod traffic stays on this machine. Pod to pod (bridged)
  # and pod to host (INPUT/OUTPUT) are untouched; mangle FORWARD runs before the filter rules of
  # kube-router and kube-proxy.
  if ! iptables -t mangle -S "$ISOLATE_CHAIN" >/dev/null 2>&1; then
    iptables -t mangle -N "$ISOLATE_CHAIN"
    iptables -t mangle -A "$ISOLATE_CHAIN" -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
    iptables -t mangle -A "$ISOLATE_CHAIN" -o "$BRIDGE" ! -i "$BRIDGE" -j DROP
    iptables -t mangle -I FORWARD 1 -j "$ISOLATE_CHAIN"
  fi

  make_pki
  write_configs

  start_process containerd containerd --config "$dir/etc/containerd.toml"
  wait_for "containerd answers" 30 ctr --address "$run/containerd.sock" version
  make_images
  for image in "${images[@]}"; do
    ctr_node images import --no-unpack=false "$image" >/dev/null
  done
  stamp_time "node images imported"

  start_process etcd "$k8s/etcd" --name toolgate-node --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "toolgate-node=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --log-level warn
  wait_for "etcd healthy" 60 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

  local pki="$dir/pki"
  start_process kube-apiserver "$k8s/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 0.0.0.0 --secure-port "$APISERVER_PORT" --advertise-address "$ip" \
    --cert-dir "$dir/apiserver" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --allow-privileged=true --profiling=false
  wait_for "kube-apiserver ready" 120 "${kubectl_admin[@]}" get --raw /readyz

  start_process kube-controller-manager "$bin_dir/kube-controller-manager" \
    --kubeconfig "$dir/etc/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$dir/etc/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$dir/etc/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --allocate-node-cidrs=true --cluster-cidr "$CLUSTER_CIDR" --node-cidr-mask-size 24 \
    --service-cluster-ip-range "$SERVICE_CIDR"
  start_process kube-scheduler "$bin_dir/kube-scheduler" \
    --kubeconfig "$dir/etc/scheduler.kubeconfig" \
    --authentication-kubeconfig "$dir/etc/scheduler.kubeconfig" \
    --authorization-kubeconfig "$dir/etc/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false

  start_process kubelet "$bin_dir/kubelet" --config "$dir/etc/kubelet.yaml" \
    --kubeconfig "$dir/etc/kubelet.kubeconfig" --root-dir "$dir/kubelet/root" \
    --cert-dir "$dir/kubelet/pki" --hostname-override "$NODE_NAME" --node-ip "$ip" --v=1

  # Services: kube-proxy leaves route_localnet alone (no NodePorts on 127.0.0.1) and the conntrack
  # sysctls as they are.
  start_process kube-proxy "$bin_dir/kube-proxy" --kubeconfig "$dir/etc/kube-proxy.kubeconfig" \
    --hostname-override "$NODE_NAME" --proxy-mode iptables --cluster-cidr "$CLUSTER_CIDR" \
    --iptables-localhost-nodeports=false --conntrack-max-per-core 0 \
    --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 \
    --bind-address 127.0.0.1 --healthz-bind-address 127.0.0.1:10256 \
    --metrics-bind-address 127.0.0.1:10249
  wait_for "node $NODE_NAME Ready" 180 "${kubectl_admin[@]}" wait --for=condition=Ready \
    "node/$NODE_NAME" --timeout=2s

  # NetworkPolicy: kube-router's firewall only (no routing, no service proxy, no CNI).
  start_process kube-router "$bin_dir/kube-router" --kubeconfig "$dir/etc/kube-router.kubeconfig" \
    --hostname-override "$NODE_NAME" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range "$SERVICE_CIDR" --health-port "$KUBE_ROUTER_HEALTH_PORT" \
    --metrics-port 0 -v 1
  wait_for "kube-router healthy" 60 curl -sf "http://127.0.0.1:$KUBE_ROUTER_HEALTH_PORT/healthz"

  wait_for "ServiceAccount default/default" 60 "${kubectl_admin[@]}" -n default get serviceaccount default
  wait_for "ServiceAccount kube-system/default" 60 "${kubectl_admin[@]}" -n kube-system get serviceaccount default
  dns_manifest | "${kubectl_admin[@]}" apply --server-side --field-manager kube-node -f - >/dev/null
  wait_for "cluster DNS ready" 120 "${kubectl_admin[@]}" -n kube-system wait \
    --for=condition=Available deployment/coredns --timeout=2s
  stamp_time "node up: kubectl --kubeconfig $dir/etc/admin.kubeconfig get nodes"
  echo "KUBECONFIG=$dir/etc/admin.kubeconfig"
}

# ---------------------------------------------------------------------------------------------
# stop

stop_process() { # NAME
  local pid_file="$run/$1.pid" pid i
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$pid_file"
}

# Removes the chains and sets of kube-proxy (KUBE-*) and kube-router (KUBE-ROUTER-*, KUBE-NWPLCY-*,
# KUBE-POD-FW-*, KUBE-SRC-*, KUBE-DST-*) and this script's isolation chain; nothing else.
clean_iptables() {
  local ipt table rules chain rule
  for ipt in iptables-nft iptables-legacy; do
    command -v "$ipt" >/dev/null 2>&1 || continue
    for table in filter nat mangle raw; do
      rules="$("$ipt" -t "$table" -S 2>/dev/null)" || continue
      grep -E "^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j (KUBE-|$ISOLATE_CHAIN)" <<<"$rules" \
        | sed 's/^-A/-D/' | while read -r rule; do
          eval "$ipt -t $table $rule" 2>/dev/null || true
        done
      for chain in $(grep -oE "^-N (KUBE-|$ISOLATE_CHAIN)[^ ]*" <<<"$rules" | cut -d' ' -f2); do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $(grep -oE "^-N (KUBE-|$ISOLATE_CHAIN)[^ ]*" <<<"$rules" | cut -d' ' -f2); do
        "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
  local set
  for set in $(ipset list -n 2>/dev/null | grep -E '^(KUBE-|kube-router-|inet6:KUBE-)' || true); do
    ipset destroy "$set" 2>/dev/null || true
  done
}

cmd_stop_locked() {
  # Best effort from here on: whatever fails, the rest is still cleaned up.
  set +e
  dir="$(realpath -m "$node_dir")"
  run="$dir/run"
  [[ -d "$dir" ]] || { log "nothing to stop in $dir"; return 0; }
  local name
  # Control loops first, so nothing recreates pods while they go.
  for name in kube-router kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do
    stop_process "$name"
  done
  # The pods: their network namespaces (those holding the other end of a veth on the node's
  # bridge, and those named in the sandbox specs), then the containers.
  local netns=() sock="$run/containerd.sock" id path
  while read -r path; do netns+=("/run/netns/$path"); done < <(ip -o link show master "$BRIDGE" 2>/dev/null \
    | grep -oE 'link-netns cni-[0-9a-f-]+' | cut -d' ' -f2 | sort -u)
  if [[ -S "$sock" ]] && ctr --address "$sock" version >/dev/null 2>&1; then
    for id in $(ctr_node containers ls -q 2>/dev/null); do
      while read -r path; do netns+=("/run/netns/${path##*/}"); done < <(ctr_node containers info "$id" 2>/dev/null \
        | grep -oE '/run/netns/cni-[0-9a-f-]+' | sort -u)
    done
    for id in $(ctr_node tasks ls -q 2>/dev/null); do
      ctr_node tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 1
    for id in $(ctr_node tasks ls -q 2>/dev/null); do
      ctr_node tasks delete -f "$id" >/dev/null 2>&1 || true
    done
    for id in $(ctr_node containers ls -q 2>/dev/null); do
      ctr_node containers delete "$id" >/dev/null 2>&1 || true
    done
  fi
  stop_process containerd
  # Shims of this node's containerd that outlived it.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $sock" 2>/dev/null || true); do
    kill -9 "$pid" 2>/dev/null && log "stopped shim $pid"
  done
  local ns
  for ns in $(printf '%s\n' "${netns[@]}" | sort -u); do
    [[ -e "$ns" ]] || continue
    umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  ip link del "$BRIDGE" 2>/dev/null && log "deleted bridge $BRIDGE"
  rm -rf "$dir/cni/ipam"
  rm -f /var/lib/cni/results/"$CNI_NETWORK"-* 2>/dev/null || true
  # Mounts below the state dir (overlay root filesystems, shm, kubelet volumes), deepest first.
  local mount
  awk '{print $2}' /proc/mounts | grep -E "^$dir/" | sort -r | while read -r mount; do
    umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
  done
  clean_iptables
  # The (now empty) cgroups of the pods, deepest first.
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [[ -d "${hierarchy}kubepods" ]] && find "${hierarchy}kubepods" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  if [[ -f "$run/sysctl.saved" ]]; then
    local line
    while IFS= read -r line; do
      [[ -n "$line" ]] && sysctl -qw "$line" 2>/dev/null || true
    done <"$run/sysctl.saved"
    rm -f "$run/sysctl.saved"
    log "sysctls restored"
  fi
  if [[ "$(cat "$OWNER_FILE" 2>/dev/null || true)" == "$dir" ]]; then
    rm -f "$OWNER_FILE"
  fi
  if [[ "${PURGE:-0}" == 1 ]]; then
    rm -rf "$dir"
    log "deleted $dir"
  fi
  log "node of $dir stopped"
}

cmd_stop() {
  [[ "$(id -u)" == 0 ]] || die "stop needs root"
  take_lock
  cmd_stop_locked
}

cmd_status() {
  dir="$(realpath -m "$node_dir")"
  run="$dir/run"
  local name pid
  echo "state dir: $dir (lock owner: $(cat "$OWNER_FILE" 2>/dev/null || echo none))"
  for name in containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kube-router; do
    pid="$(cat "$run/$name.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      printf '  %-24s running (pid %s)\n' "$name" "$pid"
    else
      printf '  %-24s not running\n' "$name"
    fi
  done
  if node_alive "$dir"; then
    "$(k8s_bin)/kubectl" --kubeconfig "$dir/etc/admin.kubeconfig" get nodes,pods -A -o wide 2>&1 || true
  fi
}

case "$command" in
  build) cmd_build ;;
  check) cmd_check ;;
  start) cmd_start ;;
  load) cmd_load "${args[@]}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  --print-dir) echo "$bin_dir" ;;
  -h|--help) usage ;;
  *) usage >&2; die "unknown command: $command" ;;
esac
