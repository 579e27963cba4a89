# Redis 7.0 from Debian 12's packages: redis-server for the monitored master and replicas, redis-cli,
# and the real redis-sentinel (the reference the jsentinel image is compared with in chaos runs).
# Build from the repository root: docker build -f docker/redis.Dockerfile -t jsentinel-redis .
# BASE_IMAGE: any Debian 12 (bookworm) image; docker/ci.sh passes a locally debootstrapped one.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
USER root
# Skipped when the base has them already (docker/ci.sh's base does).
# policy-rc.d: the packages' scripts would otherwise start redis-server inside the build.
# unsafe-io: no fsync per unpacked file (a crashed build is simply rerun).
RUN if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-sentinel >/dev/null 2>&1; then \
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && \
      echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io && \
      export DEBIAN_FRONTEND=noninteractive && apt-get update -q && \
      apt-get install -y -q --no-install-recommends redis-server redis-sentinel redis-tools && \
      rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d /etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io; \
    fi && \
    mkdir -p /data && chown redis:redis /data && redis-server --version
COPY docker/sentinel-entrypoint.sh /usr/local/bin/sentinel-entrypoint
COPY docker/redis-ping.sh /usr/local/bin/redis-ping
RUN chmod 0755 /usr/local/bin/sentinel-entrypoint /usr/local/bin/redis-ping
WORKDIR /data
USER redis
EXPOSE 6379 26379
HEALTHCHECK --interval=5s --timeout=3s --retries=3 CMD ["/usr/local/bin/redis-ping", "6379"]
CMD ["redis-server", "--protected-mode", "no", "--dir", "/data", "--save", ""]
