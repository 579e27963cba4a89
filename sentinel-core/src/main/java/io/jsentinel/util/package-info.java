/**
 * Small pure helpers that several layers share and that belong to none of them: Redis' glob matching
 * ({@code stringmatchlen}), used by pub/sub patterns, ACL patterns, SENTINEL RESET and CONFIG GET.
 */
package io.jsentinel.util;
