#!/usr/bin/env bash
# Builds the base image of Toolgate's container images offline, as a `docker save` tarball that
# Jib reads with a tar:// base image: a jlink'd Java runtime from the Temurin 25 JDK, the glibc
# libraries it links against (copied from this Debian machine's libc6/zlib1g files, found with
# ldd), /etc/passwd and /etc/group with the non-root user 65532, and /tmp. No shell, no package
# manager, no coreutils. A real pipeline uses a public base instead (-Djib.base.image=...).
#
#   scripts/base-image.sh OUTPUT.tar     build OUTPUT.tar, or do nothing when it is current
#   scripts/base-image.sh --help
#
# JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64) is the JDK linked from. The result is
# reproducible (sorted entries, mtime 0, uid/gid 0); a stamp beside it records the inputs, so a
# second run with the same JDK, modules and script takes milliseconds.
set -euo pipefail

if [ "${1:-}" = "--help" ] || [ $# -ne 1 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -eq 1 ] && exit 0 || exit 2
fi
output="$(realpath -m "$1")"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# What the operator, the gateway and the example worker need (jdeps --print-module-deps on their
# runtime classpaths), plus what they load reflectively or by ServiceLoader.
modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs"

for tool in tar sha256sum ldd; do
  command -v "$tool" >/dev/null || { echo "base-image.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$java_home/bin/jlink" ] || { echo "base-image.sh: no jlink in $java_home" >&2; exit 1; }

key="$( (cat "$0"; "$java_home/bin/java" -version 2>&1; echo "$modules"; uname -m) | sha256sum | cut -c1-64)"
stamp="$output.stamp"
mkdir -p "$(dirname "$output")"
exec 9>"$output.lock"
flock 9
if [ -f "$output" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
  exit 0
fi

work="$(mktemp -d "$(dirname "$output")/.base-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/etc" "$root/tmp"

"$java_home/bin/jlink" --add-modules "$modules" --output "$root/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6
# A server runtime: java.beans (Jackson) needs java.desktop's classes, not its X11, sound or
# splash-screen natives, which would pull X11 libraries in.
rm -f "$root"/opt/java/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}
# Regenerate the class-data-sharing archive for the linked module set: faster JVM start.
"$root/opt/java/bin/java" -Xshare:dump -version >/dev/null 2>&1 || true

# The shared libraries the runtime needs, with the loader, at the paths ldd reports.
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' \
  | grep -v "^$root/" \
  | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"

layer="$work/layer.tar"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
  -C "$root" -cf "$layer" .
diff_id="$(sha256sum "$layer" | cut -c1-64)"
cat >"$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","Env":["PATH=/opt/java/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/base-image.sh: jlink $modules"}]}
CONFIG
config_id="$(sha256sum "$work/config.json" | cut -c1-64)"
image="$work/image"
mkdir -p "$image/$diff_id"
mv "$layer" "$image/$diff_id/layer.tar"
mv "$work/config.json" "$image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["toolgate-base:25"],"Layers":["%s/layer.tar"]}]\n' \
  "$config_id" "$diff_id" >"$image/manifest.json"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$image" -cf "$work/out.tar" \
  manifest.json "$config_id.json" "$diff_id/layer.tar"
mv "$work/out.tar" "$output"
echo "$key" >"$stamp"
echo "base-image.sh: $output ($(du -h "$output" | cut -f1), layer sha256:$diff_id)"
