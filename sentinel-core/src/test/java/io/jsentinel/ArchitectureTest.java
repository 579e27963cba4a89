package io.jsentinel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules of the sentinel (detection, elections, failover, state, config, events, the link interfaces)
 * know nothing of how they are run: no Netty, no Lettuce, no client-facing server, no runtime wiring.
 * {@code io.jsentinel.runtime} is the one place that puts those together (docs/architecture.md).
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jsentinel");

    @Test
    void rulePackagesDependOnNoNettyLettuceServerOrRuntime() {
        noClasses().that().resideInAnyPackage("io.jsentinel.core..", "io.jsentinel.state..", "io.jsentinel.config..",
                        "io.jsentinel.event..", "io.jsentinel.events..", "io.jsentinel.link")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.lettuce..",
                        "io.jsentinel.server..", "io.jsentinel.runtime..", "io.jsentinel.link.lettuce..")
                .because("the rules are run by the runtime, the simulation and unit tests alike")
                .check(MAIN);
    }
}
