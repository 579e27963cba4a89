package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI block of docs/http-api.md, and a validator for the part of JSON Schema it uses ({@code $ref},
 * {@code type} (one or a list), {@code enum}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code items}, {@code minimum}, {@code maximum}, {@code minLength}, {@code format: date-time}, {@code anyOf},
 * {@code oneOf}). No JSON-schema library resolves in this offline build, so this one is small and strict: a
 * schema keyword it does not know fails the check rather than being ignored.
 */
public final class OpenApiContract {
    private static final Set<String> KNOWN = Set.of("$ref", "type", "enum", "properties", "required",
            "additionalProperties", "items", "minimum", "maximum", "minLength", "format", "anyOf", "oneOf",
            "description");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static OpenApiContract loaded;

    final JsonNode root;

    private OpenApiContract(JsonNode root) {
        this.root = root;
    }

    public static synchronized OpenApiContract load() {
        if (loaded == null) {
            Path doc = docsFile();
            try {
                Matcher m = JSON_BLOCK.matcher(Files.readString(doc));
                assertThat(m.find()).as("a ```json block in " + doc).isTrue();
                loaded = new OpenApiContract(new ObjectMapper().readTree(m.group(1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    private static Path docsFile() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("docs/http-api.md");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException("docs/http-api.md not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Checks that {@code status} is documented for the route and that {@code body} matches its schema (or is empty
     * when the answer documents no content).
     */
    public void assertAnswer(String pathTemplate, String method, int status, String body) {
        JsonNode op = root.path("paths").path(pathTemplate).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(op.isObject()).as(method + " " + pathTemplate + " documented").isTrue();
        JsonNode response = resolve(op.path("responses").path(String.valueOf(status)));
        assertThat(response.isObject()).as(status + " documented for " + method + " " + pathTemplate).isTrue();
        JsonNode content = response.path("content");
        if (!content.isObject()) {
            assertThat(body).as("no content documented for " + status).isEmpty();
            return;
        }
        JsonNode json = content.path("application/json");
        if (!json.isObject()) {
            return; // text/plain (Prometheus)
        }
        JsonNode value;
        try {
            value = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(validate(value, json.path("schema"))).as(method + " " + pathTemplate + " " + status + ": " + body)
                .isEmpty();
    }

    /** The errors of {@code value} against the named schema of components. */
    public List<String> validateAgainst(String schemaName, JsonNode value) {
        return validate(value, root.path("components").path("schemas").path(schemaName));
    }

    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            JsonNode target = root;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            assertThat(target.isMissingNode()).as("unresolved " + ref).isFalse();
            node = target;
        }
        return node;
    }

    private void check(JsonNode v, JsonNode schemaOrRef, String at, List<String> errors) {
        JsonNode s = resolve(schemaOrRef);
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN.contains(k)) {
                errors.add(at + ": the validator does not support schema keyword '" + k + "'");
            }
        }
        if (s.has("type") && !typeMatches(v, s.get("type"))) {
            errors.add(at + ": " + kind(v) + " is not " + s.get("type"));
            return;
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                errors.add(at + ": " + v + " not in " + s.get("enum"));
            }
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) {
                errors.add(at + ": " + v + " < " + s.get("minimum"));
            }
            if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) {
                errors.add(at + ": " + v + " > " + s.get("maximum"));
            }
        }
        if (v.isTextual()) {
            if (s.has("minLength") && v.asText().length() < s.get("minLength").asInt()) {
                errors.add(at + ": shorter than " + s.get("minLength"));
            }
            if ("date-time".equals(s.path("format").asText(null)) && !isDateTime(v.asText())) {
                errors.add(at + ": '" + v.asText() + "' is not an RFC 3339 date-time");
            }
        }
        if (v.isObject()) {
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    errors.add(at + ": missing required '" + r.asText() + "'");
                }
            }
            JsonNode props = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    check(f.getValue(), props.get(f.getKey()), at + "." + f.getKey(), errors);
                } else if (s.has("additionalProperties")) {
                    JsonNode extra = s.get("additionalProperties");
                    if (extra.isBoolean() && !extra.asBoolean()) {
                        errors.add(at + ": unexpected property '" + f.getKey() + "'");
                    } else if (extra.isObject()) {
                        check(f.getValue(), extra, at + "." + f.getKey(), errors);
                    }
                }
            }
        }
        if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(v.get(i), s.get("items"), at + "[" + i + "]", errors);
            }
        }
        if (s.has("anyOf") && matching(v, s.get("anyOf"), at) == 0) {
            errors.add(at + ": matches none of anyOf");
        }
        if (s.has("oneOf") && matching(v, s.get("oneOf"), at) != 1) {
            errors.add(at + ": does not match exactly one of oneOf");
        }
    }

    private int matching(JsonNode v, JsonNode alternatives, String at) {
        int n = 0;
        for (JsonNode alt : alternatives) {
            List<String> sub = new ArrayList<>();
            check(v, alt, at, sub);
            n += sub.isEmpty() ? 1 : 0;
        }
        return n;
    }

    private static boolean typeMatches(JsonNode v, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(v, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
