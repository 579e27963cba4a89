#!/bin/sh
# Run by the build (exec-maven-plugin, prepare-package): gzips the manual page and the Debian changelog
# into the work directory, as Debian ships them (gzip -9n: best compression, no file name or time stamp,
# so two builds give the same bytes).
# Usage: build-docs.sh <doc dir> <work dir> <maven version> <debian revision>
set -eu
doc="$1"
work="$2"
version="$3"
revision="$4"
# the control file's version: jdeb turns a Maven snapshot version into a Debian one that sorts before the
# release (1.0-SNAPSHOT -> 1.0~SNAPSHOT), then the Debian revision follows
deb_version="$(printf '%s\n' "$version" | sed 's/-SNAPSHOT$/~SNAPSHOT/')-$revision"
mkdir -p "$work"
gzip -9nc "$doc/jsentinel-sentinel.1" > "$work/jsentinel-sentinel.1.gz"
sed "s/@DEB_VERSION@/$deb_version/" "$doc/changelog.Debian" | gzip -9nc > "$work/changelog.Debian.gz"
