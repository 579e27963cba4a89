/**
 * TLS as Redis 7.0 configures it ({@code tls-port}, {@code tls-cert-file}, {@code tls-key-file},
 * {@code tls-ca-cert-file}, {@code tls-auth-clients}, {@code tls-replication}): PEM loading and the
 * server and client contexts built from those directives.
 */
package io.jsentinel.tls;
