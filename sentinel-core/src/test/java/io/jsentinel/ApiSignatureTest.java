package io.jsentinel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The public packages must not expose internal types in public signatures, so embedders never need
 * any other package of io.jsentinel (core, state, monitor, detect, server, link, ...). The config records and the
 * on-loop {@code event} sink are allowed (documented in docs/embedding.md).
 */
class ApiSignatureTest {
    /** Where a public signature may take its types from; every other io.jsentinel package is internal. */
    private static final Set<String> PUBLIC = Set.of("io.jsentinel", "io.jsentinel.events", "io.jsentinel.metrics",
            "io.jsentinel.config", "io.jsentinel.event");
    private static final Pattern JSENTINEL_TYPE = Pattern.compile("io\\.jsentinel(?:\\.[a-z]\\w*)*(?=\\.[A-Z])");

    /** The compiled classes of the API packages, read from the main output directory. */
    private static List<Class<?>> apiClasses() throws Exception {
        Path root = Path.of(Sentinel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : List.of("io.jsentinel", "io.jsentinel.events", "io.jsentinel.metrics")) {
            try (var files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
                    String name = f.getFileName().toString();
                    out.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6), false,
                            ApiSignatureTest.class.getClassLoader()));
                }
            }
        }
        return out;
    }

    @Test
    void publicApiExposesNoInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : apiClasses()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            checked++;
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() != c) {
                    continue;
                }
                check(leaks, c, m.getName(), m.getGenericReturnType());
                for (Type t : m.getGenericParameterTypes()) {
                    check(leaks, c, m.getName(), t);
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                for (Type t : k.getGenericParameterTypes()) {
                    check(leaks, c, "<init>", t);
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    check(leaks, c, rc.getName(), rc.getGenericType());
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(leaks).isEmpty();
    }

    private static void check(List<String> leaks, Class<?> owner, String member, Type t) {
        Matcher m = JSENTINEL_TYPE.matcher(t.getTypeName());
        while (m.find()) {
            if (!PUBLIC.contains(m.group())) {
                leaks.add(owner.getName() + "." + member + ": " + t.getTypeName());
            }
        }
    }
}
