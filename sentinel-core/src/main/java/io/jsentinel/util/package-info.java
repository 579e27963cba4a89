/**
 * Small pure helpers that several layers share and that belong to none of them: Redis' glob matching
 * ({@code stringmatchlen}: pub/sub patterns, ACL patterns, SENTINEL RESET, CONFIG GET) and SHA-256 password
 * hashes (ACL users, the rewrite's default user).
 */
package io.jsentinel.util;
