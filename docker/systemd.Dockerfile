# Debian 12 with systemd as PID 1, for docker/systemd.sh: the packaged jsentinel is installed into
# containers of this image and run as the systemd service it ships, next to Debian's redis-server.
# BASE_IMAGE: the locally debootstrapped Debian 12 (docker/lib.sh), which has Java and Redis already.
ARG BASE_IMAGE=localhost/jsentinel-base:bookworm
FROM ${BASE_IMAGE}
USER root
# policy-rc.d: no service starts inside the build; unsafe-io: no fsync per unpacked file. The package
# lists stay in the image: `apt install ./jsentinel_*.deb` resolves the package's dependencies with them.
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && \
    echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io && \
    export DEBIAN_FRONTEND=noninteractive && apt-get update -q && \
    apt-get install -y -q --no-install-recommends systemd systemd-sysv dbus && \
    rm -f /usr/sbin/policy-rc.d /etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io /var/cache/apt/archives/*.deb
# Debian's redis-sentinel would take port 26379 from jsentinel; redis-server starts only once the script
# has written its configuration; the rest is what a container has no use for (no consoles, no udev).
RUN systemctl mask redis-sentinel.service getty.target console-getty.service systemd-udevd.service \
      systemd-udev-trigger.service systemd-firstboot.service systemd-remount-fs.service && \
    systemctl disable redis-server.service && \
    mkdir -p /etc/systemd/system.conf.d && \
    printf '[Manager]\nShowStatus=no\n' > /etc/systemd/system.conf.d/zz-container.conf
STOPSIGNAL SIGRTMIN+3
CMD ["/sbin/init"]
