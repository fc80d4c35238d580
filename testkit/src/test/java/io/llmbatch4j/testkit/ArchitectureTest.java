package io.llmbatch4j.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses TESTKIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.llmbatch4j.testkit");

    @Test
    void testkitSharesNoCodeWithTheOtherModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.llmbatch4j.core..",
                "io.llmbatch4j.providers..", "io.llmbatch4j.strategies..", "io.llmbatch4j.middleware..",
                "io.llmbatch4j.observers..", "io.llmbatch4j.samples..").check(TESTKIT);
    }

    @Test
    void testkitUsesOnlyTheJdkReactorNettyJacksonSlf4jAndJunit() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.llmbatch4j.testkit..", "java..", "reactor..", "io.netty..",
                        "org.reactivestreams..", "tools.jackson..", "org.slf4j..", "org.junit.jupiter.api..",
                        "org.jspecify..")
                .check(TESTKIT);
    }

    /**
     * A copy of core's {@code ArchRules.publicApiExposesNoInternalType()} (the testkit depends on no
     * module, not even core's test-jar): public classes outside {@code internal} (nested ones only
     * inside public ones) name no internal type in their superclass, interfaces, or the return,
     * parameter, throws and field types of their public (and, when subclassable, protected) members,
     * type arguments included.
     */
    @Test
    void publicApiExposesNoInternalType() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>("are public API classes") {
                    @Override
                    public boolean test(JavaClass c) {
                        return !internal(c) && api(c);
                    }
                })
                .should(new ArchCondition<JavaClass>("expose no internal type in their signatures") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        List<JavaType> types = new ArrayList<>();
                        c.getSuperclass().ifPresent(types::add);
                        types.addAll(c.getInterfaces());
                        boolean open = !c.getModifiers().contains(JavaModifier.FINAL);
                        for (JavaMember m : c.getMembers()) {
                            Set<JavaModifier> mods = m.getModifiers();
                            if (mods.contains(JavaModifier.SYNTHETIC) || !(mods.contains(JavaModifier.PUBLIC)
                                    || (open && mods.contains(JavaModifier.PROTECTED)))) {
                                continue;
                            }
                            if (m instanceof JavaField f) {
                                types.add(f.getType());
                            } else if (m instanceof JavaCodeUnit u) {
                                types.add(u.getReturnType());
                                types.addAll(u.getParameterTypes());
                                types.addAll(u.getThrowsClause().getTypes());
                            }
                        }
                        types.stream().flatMap(t -> t.getAllInvolvedRawTypes().stream()).filter(ArchitectureTest::internal)
                                .distinct().forEach(t -> events.add(SimpleConditionEvent.violated(c,
                                        c.getName() + " exposes " + t.getName())));
                    }
                })
                .check(TESTKIT);
    }

    private static boolean internal(JavaClass c) {
        return ("." + c.getPackageName() + ".").contains(".internal.");
    }

    private static boolean api(JavaClass c) {
        return c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isAnonymousClass()
                && c.getEnclosingClass().map(ArchitectureTest::api).orElse(true);
    }
}
