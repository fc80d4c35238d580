package io.llmbatch4j.core.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The engine's structure, as docs/engine.md describes it. */
class EngineArchitectureTest {

    private static final String INTERNAL = "io.llmbatch4j.core.internal";
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmbatch4j.core");

    /** A class and its nested classes are one part. */
    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    @Test
    void theEnginePartsDependOnEachOtherWithoutCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().equals(INTERNAL) ? SliceIdentifier.of(topLevel(c)) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "top-level classes of " + INTERNAL;
            }
        }).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void eachPartsFieldsAreWrittenOnlyByThatPart() {
        noClasses().that().resideInAPackage(INTERNAL).should().setFieldWhere(
                new DescribedPredicate<JavaFieldAccess>("the field belongs to another part") {
                    @Override
                    public boolean test(JavaFieldAccess access) {
                        return !topLevel(access.getTargetOwner()).equals(topLevel(access.getOriginOwner()));
                    }
                }).check(CORE);
    }

    @Test
    void theRetryPolicyIsPureNoReactorNoClockNoRunState() {
        noClasses().that().haveNameMatching(".*\\.RetryPolicy(\\$.*)?").should().dependOnClassesThat(
                new DescribedPredicate<JavaClass>("Reactor, or another engine part") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().startsWith("reactor") || c.getPackageName().startsWith(
                                "org.reactivestreams") || (c.getPackageName().equals(INTERNAL)
                                && !topLevel(c).equals(INTERNAL + ".RetryPolicy"));
                    }
                }).check(CORE);
    }

    @Test
    void onlyTheFacadesAndThePoolReachTheEngine() {
        classes().that().haveFullyQualifiedName(INTERNAL + ".Engine").should().onlyHaveDependentClassesThat(
                JavaClass.Predicates.resideInAPackage(INTERNAL)
                        .or(JavaClass.Predicates.simpleNameStartingWith("ParallelBatchProcessor"))
                        .or(JavaClass.Predicates.simpleNameStartingWith("LLMCallPool"))).check(CORE);
    }

    @Test
    void publicTypesOfInternalAreOnlyThoseTheFacadesNeed() {
        classes().that().resideInAPackage(INTERNAL).and().areTopLevelClasses().and().arePublic().should().haveSimpleNameStartingWith("Engine")
                .orShould().haveSimpleName("PoolCore").orShould().haveSimpleName("WorkQueue")
                .orShould().haveSimpleName("DefaultErrorClassifier").orShould().haveSimpleName("HttpStatusProbe")
                .check(CORE);
    }
}
