package io.jsentinel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture of docs/architecture.md, as rules the build checks: the rules of the sentinel know nothing
 * of how they are run; the decisions are pure; nothing reaches back into the core that wires them; and no two
 * packages depend on each other.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jsentinel");

    /** Everything that decides or tracks what the sentinel does, as opposed to how it is run. */
    private static final String[] RULE_PACKAGES = {"io.jsentinel.core..", "io.jsentinel.monitor..",
        "io.jsentinel.discovery..", "io.jsentinel.detect..", "io.jsentinel.election..", "io.jsentinel.failover..",
        "io.jsentinel.script..", "io.jsentinel.state..", "io.jsentinel.config..",
        "io.jsentinel.event..", "io.jsentinel.events..", "io.jsentinel.command..", "io.jsentinel.link"};

    @Test
    void rulePackagesDependOnNoNettyLettuceServerOrRuntime() {
        noClasses().that().resideInAnyPackage(RULE_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.lettuce..",
                        "io.jsentinel.server..", "io.jsentinel.runtime..", "io.jsentinel.link.lettuce..")
                .because("the rules are run by the runtime, the simulation and unit tests alike")
                .check(MAIN);
    }

    @Test
    void decisionsArePureFunctionsOfState() {
        classes().that().haveSimpleNameEndingWith("Rule").or().haveSimpleName("LeaderTally")
                .or().haveSimpleName("ReplicaSelection").or().haveSimpleName("Vote")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.jsentinel.state..",
                        "io.jsentinel.link", "io.jsentinel.detect..", "io.jsentinel.election..",
                        "io.jsentinel.failover..")
                .andShould().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith("Connection")
                                .or(JavaClass.Predicates.simpleName("Events"))
                                .or(JavaClass.Predicates.simpleName("Monitor"))
                                .or(JavaClass.Predicates.simpleName("LinkFactory"))))
                .because("a decision takes plain inputs and returns its reason; effects happen where it is applied")
                .check(MAIN);
    }

    @Test
    void nothingReachesBackIntoTheCoreThatWiresIt() {
        noClasses().that().resideInAnyPackage("io.jsentinel.monitor..", "io.jsentinel.discovery..",
                        "io.jsentinel.detect..", "io.jsentinel.election..", "io.jsentinel.failover..",
                        "io.jsentinel.script..", "io.jsentinel.state..",
                        "io.jsentinel.event..")
                .should().dependOnClassesThat().resideInAPackage("io.jsentinel.core")
                .because("collaborators get the narrow interfaces they use, not a back-pointer to the hub")
                .check(MAIN);
    }

    /**
     * One slice per package, except the public API ({@code io.jsentinel}, {@code .events}, {@code .metrics}),
     * which is one unit for embedders: its records refer to each other across those three packages by design.
     */
    @Test
    void noCyclesBetweenPackages() {
        slices().assignedFrom(new SliceAssignment() {
            private static final Set<String> API = Set.of("io.jsentinel", "io.jsentinel.metrics");

            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.startsWith("io.jsentinel")) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(API.contains(pkg) ? "public API" : pkg);
            }

            @Override
            public String getDescription() {
                return "packages of io.jsentinel (the public API as one)";
            }
        }).should().beFreeOfCycles().check(MAIN);
    }

    /** A class a newcomer can read in one sitting; over this, split it where a reader would look for the parts. */
    @Test
    void noMainClassIsOver400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > 400) {
                    tooLong.add(f + ": " + lines);
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(tooLong).isEmpty();
    }
}
