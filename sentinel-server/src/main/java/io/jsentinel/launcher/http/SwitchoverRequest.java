package io.jsentinel.launcher.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsentinel.events.Address;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code POST /v1/masters/{name}/switchover}: {@code {"target": {"host": ..., "port": ...},
 * "timeoutMillis": ...}}, both optional, an empty body meaning {@code {}}. Anything else (another field, a wrong
 * type, a value out of range) is refused with a message saying what, rather than ignored: a typo in
 * {@code target} must not promote whichever replica the sentinel prefers.
 *
 * @param target the replica to promote, or null for the sentinel's choice
 * @param timeout how long the primary may hold writes while the replica catches up, or null for the master's
 *     failover-timeout
 */
record SwitchoverRequest(Address target, Duration timeout) {
    /** An hour: longer would hold an HTTP request open past any reasonable client's patience. */
    static final long MAX_TIMEOUT_MILLIS = 3_600_000L;

    /** Thrown with the message of a 400 answer. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    static SwitchoverRequest parse(byte[] body) throws BadRequest {
        if (body.length == 0) {
            return new SwitchoverRequest(null, null);
        }
        JsonNode root;
        try {
            root = Reply.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest("malformed JSON");
        }
        if (root == null || root.isMissingNode()) {
            return new SwitchoverRequest(null, null);
        }
        if (!root.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        onlyFields(root, "", Set.of("target", "timeoutMillis"));
        return new SwitchoverRequest(target(root.get("target")), timeout(root.get("timeoutMillis")));
    }

    private static Address target(JsonNode t) throws BadRequest {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isObject()) {
            throw new BadRequest("target must be an object {\"host\": ..., \"port\": ...}");
        }
        onlyFields(t, "target.", Set.of("host", "port"));
        JsonNode host = t.get("host");
        JsonNode port = t.get("port");
        if (host == null || !host.isTextual() || host.asText().isBlank()) {
            throw new BadRequest("target.host must be a non-empty string");
        }
        if (port == null || !port.isIntegralNumber() || !port.canConvertToInt() || port.asInt() < 1
                || port.asInt() > 65535) {
            throw new BadRequest("target.port must be an integer from 1 to 65535");
        }
        return new Address(host.asText(), port.asInt());
    }

    private static Duration timeout(JsonNode t) throws BadRequest {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isIntegralNumber() || !t.canConvertToLong() || t.asLong() < 1 || t.asLong() > MAX_TIMEOUT_MILLIS) {
            throw new BadRequest("timeoutMillis must be an integer from 1 to " + MAX_TIMEOUT_MILLIS);
        }
        return Duration.ofMillis(t.asLong());
    }

    private static void onlyFields(JsonNode object, String prefix, Set<String> allowed) throws BadRequest {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown field " + prefix + name);
            }
        }
    }
}
