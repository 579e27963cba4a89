#!/bin/sh
# Run by the build (exec-maven-plugin, verify): quick checks of the package just built, in well under a second.
# The control file's version must be the changelog's (jdeb and build-docs.sh each derive it from the Maven
# version), every file this module puts in must be there, the shell scripts must parse. With
# -Djsentinel.deb.lintian=true, lintian runs as well (about 10 s) and any error fails the build.
# Needs dpkg-deb; without it (a build on a non-Debian machine) says so and checks nothing.
# Usage: check-deb.sh <build dir> <src dir> <lintian: true|false>
set -eu
build="$1"
src="$2"
lintian="$3"
fail() {
	echo "check-deb: $*" >&2
	exit 1
}
# the newest: packages of earlier versions stay in target/ until a clean
deb="$(ls -t "$build"/jsentinel_*_amd64.deb 2>/dev/null | head -n 1)"
[ -n "$deb" ] || fail "no jsentinel_*_amd64.deb in $build"
if ! command -v dpkg-deb >/dev/null 2>&1; then
	echo "check-deb: dpkg-deb not found, package not checked"
	exit 0
fi
version="$(dpkg-deb -f "$deb" Version)"
changelog_version="$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/doc/jsentinel/changelog.Debian.gz \
	| gzip -dc | sed -n '1s/^jsentinel (\([^)]*\)).*/\1/p')"
[ "$version" = "$changelog_version" ] || fail "control says version $version, changelog.Debian says $changelog_version"
case "$deb" in
	*/jsentinel_"$version"_amd64.deb) ;;
	*) fail "file name $deb does not carry the version $version" ;;
esac
listing="$(dpkg-deb -c "$deb")"
for path in ./usr/bin/jsentinel-sentinel ./usr/share/jsentinel/redis-sentinel ./usr/share/jsentinel/redis-sentinel.jar \
	./lib/systemd/system/jsentinel.service ./etc/jsentinel/sentinel.conf ./etc/default/jsentinel \
	./etc/logrotate.d/jsentinel ./usr/share/doc/jsentinel/copyright ./usr/share/doc/jsentinel/changelog.Debian.gz \
	./usr/share/man/man1/jsentinel-sentinel.1.gz ./usr/lib/jni/libnetty_transport_native_epoll_x86_64.so \
	./usr/share/jsentinel/java.args; do
	printf '%s\n' "$listing" | grep -q " $path\$" || fail "$path missing from $deb"
done
conffiles="$(dpkg-deb -I "$deb" conffiles)"
for conffile in /etc/jsentinel/sentinel.conf /etc/default/jsentinel /etc/logrotate.d/jsentinel; do
	printf '%s\n' "$conffiles" | grep -qx "$conffile" || fail "$conffile is not a conffile"
done
for script in "$src/control/postinst" "$src/control/prerm" "$src/control/postrm" "$src/data/jsentinel-sentinel"; do
	sh -n "$script" || fail "$script does not parse"
done
if [ "$lintian" = true ]; then
	out="$(lintian --color never "$deb" 2>&1 | grep -v '^running with root privileges' || true)"
	[ -z "$out" ] || printf '%s\n' "$out"
	if printf '%s\n' "$out" | grep -q '^E: '; then
		fail "lintian reports errors"
	fi
fi
echo "check-deb: $deb ($version) checked"
