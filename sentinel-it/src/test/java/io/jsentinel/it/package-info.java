/**
 * Integration tests proving jsentinel is a drop-in for redis-sentinel 7.0.15: every scenario runs
 * against the real binary and against our jar ({@link io.jsentinel.it.support.SentinelKind}).
 */
package io.jsentinel.it;
