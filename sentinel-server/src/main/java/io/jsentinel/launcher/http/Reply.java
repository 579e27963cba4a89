package io.jsentinel.launcher.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer before it is written: status, content type, body and extra headers. JSON bodies end with a
 * newline, as {@code /health} always did (friendlier in a terminal).
 */
record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON_TYPE = "application/json";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";

    /**
     * The one mapper: bounded reading (request bodies are small; a deep or huge document is refused while parsing,
     * not after), duplicate keys and trailing content refused.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(4096)
                            .maxNumberLength(32).maxNameLength(256).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static Reply json(HttpResponseStatus status, Object document) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(document);
            byte[] body = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, body, 0, bytes.length);
            body[bytes.length] = '\n';
            return new Reply(status, JSON_TYPE, body, Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
        }
    }

    static Reply text(HttpResponseStatus status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply error(HttpResponseStatus status, String code, String message) {
        return json(status, new ApiViews.ErrorView(code, message));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(h));
    }
}
