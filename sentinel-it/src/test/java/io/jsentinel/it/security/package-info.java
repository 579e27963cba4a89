/** Security integration tests: ACL users and passwords end to end, TLS towards real redis-server, hostile clients. */
package io.jsentinel.it.security;
