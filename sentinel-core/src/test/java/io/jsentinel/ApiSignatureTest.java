package io.jsentinel;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public packages must not expose internal types in public signatures, so embedders never need
 * {@code io.jsentinel.core/server/link/state/resp/command/time}. The config records and the launcher's
 * raw {@code event} sink are allowed (documented in docs/embedding.md).
 */
class ApiSignatureTest {
    private static final Set<String> INTERNAL = Set.of("io.jsentinel.core", "io.jsentinel.server",
            "io.jsentinel.link", "io.jsentinel.state", "io.jsentinel.resp", "io.jsentinel.command", "io.jsentinel.time");

    @Test
    void publicApiExposesNoInternalType() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jsentinel", "io.jsentinel.events", "io.jsentinel.metrics");
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (JavaClass jc : classes) {
            String pkg = jc.getPackageName();
            if (!pkg.equals("io.jsentinel") && !pkg.equals("io.jsentinel.events") && !pkg.equals("io.jsentinel.metrics")) {
                continue;
            }
            Class<?> c = jc.reflect();
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
        String name = t.getTypeName();
        for (String p : INTERNAL) {
            if (name.contains(p + ".")) {
                leaks.add(owner.getName() + "." + member + ": " + name);
            }
        }
    }
}
