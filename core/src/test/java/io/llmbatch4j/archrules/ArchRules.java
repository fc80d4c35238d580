package io.llmbatch4j.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules every module checks the same way (core's test-jar; the testkit, which
 * depends on no module, keeps its own copy of the first). Each returns a rule to {@code check}
 * against the module's main classes.
 */
public final class ArchRules {

    private static final String INTERNAL = "..internal..";

    private ArchRules() {}

    /**
     * No public API signature names an {@code internal} type: for every public class outside an
     * {@code internal} package (nested ones only when every enclosing class is public too), its
     * superclass and interfaces, and the return, parameter, throws and field types of its public
     * members (protected ones too when the class is not final), type arguments included.
     *
     * @return the rule
     */
    public static ArchRule publicApiExposesNoInternalType() {
        return classes().that(API_CLASSES).should(exposeNoInternalType()).allowEmptyShould(true);
    }

    /**
     * A public class in an {@code internal} package is used from another package; otherwise it
     * should be package-private.
     *
     * @return the rule
     */
    public static ArchRule publicInternalTypesAreUsedOutsideTheirPackage() {
        return classes().that().resideInAPackage(INTERNAL).and().arePublic().and().areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("be used outside their package") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean used = c.getDirectDependenciesToSelf().stream()
                                .anyMatch(d -> !d.getOriginClass().getPackageName().equals(c.getPackageName()));
                        events.add(new SimpleConditionEvent(c, used, c.getName()
                                + " is public but used only in its own package " + c.getPackageName()));
                    }
                }).allowEmptyShould(true);
    }

    /**
     * Nothing depends on an {@code internal} package of another module.
     *
     * @param module the module's package under {@code io.llmbatch4j}, e.g. {@code "providers"}
     * @return the rule
     */
    public static ArchRule noInternalOfOtherModules(String module) {
        return noClasses().should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("io.llmbatch4j..internal..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.llmbatch4j." + module + "..")))
                        .as("reside in an internal package of another module than " + module));
    }

    /**
     * Provider packages are independent: {@code providers.X..} and {@code providers.batch.X..} form
     * slice {@code X} (X not {@code internal} or {@code batch}), and no slice depends on another, so
     * a new provider is covered without editing a list. Shared code lives in {@code providers},
     * {@code providers.internal}, {@code providers.batch} and {@code providers.batch.internal}.
     *
     * @return the rule
     */
    public static ArchRule providersAreIndependent() {
        return providersAreIndependent("io.llmbatch4j.providers");
    }

    static ArchRule providersAreIndependent(String root) {
        return SlicesRuleDefinition.slices().assignedFrom(providerSlices(root + ".")).should().notDependOnEachOther();
    }

    private static SliceAssignment providerSlices(String prefix) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.startsWith(prefix)) {
                    return SliceIdentifier.ignore();
                }
                String[] parts = pkg.substring(prefix.length()).split("\\.");
                String name = parts[0].equals("batch") ? (parts.length > 1 ? parts[1] : "batch") : parts[0];
                return Set.of("internal", "batch").contains(name) ? SliceIdentifier.ignore() : SliceIdentifier.of(name);
            }

            @Override
            public String getDescription() {
                return prefix + "X.. and " + prefix + "batch.X.. as provider X";
            }
        };
    }

    private static final DescribedPredicate<JavaClass> API_CLASSES =
            new DescribedPredicate<>("are public API classes (public, outside internal packages)") {
                @Override
                public boolean test(JavaClass c) {
                    return !isInternal(c) && isApi(c);
                }
            };

    private static boolean isInternal(JavaClass c) {
        return ("." + c.getPackageName() + ".").contains(".internal.");
    }

    private static boolean isApi(JavaClass c) {
        return c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isAnonymousClass()
                && c.getEnclosingClass().map(ArchRules::isApi).orElse(true);
    }

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no internal type in their signatures") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> found = new ArrayList<>();
                c.getSuperclass().ifPresent(t -> collect(t, "extends", found));
                c.getInterfaces().forEach(t -> collect(t, "implements", found));
                boolean subclassable = !c.getModifiers().contains(JavaModifier.FINAL);
                for (JavaMember m : c.getMembers()) {
                    if (!visible(m, subclassable)) {
                        continue;
                    }
                    if (m instanceof JavaField f) {
                        collect(f.getType(), "field " + f.getName(), found);
                    } else if (m instanceof JavaCodeUnit u) {
                        String where = u.getName() + "(...)";
                        collect(u.getReturnType(), where + " returns", found);
                        u.getParameterTypes().forEach(t -> collect(t, where + " takes", found));
                        u.getThrowsClause().getTypes().forEach(t -> collect(t, where + " throws", found));
                    }
                }
                for (String f : found) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " " + f));
                }
            }
        };
    }

    private static boolean visible(JavaMember m, boolean subclassable) {
        Set<JavaModifier> mods = m.getModifiers();
        if (mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)) {
            return false;
        }
        return mods.contains(JavaModifier.PUBLIC) || (subclassable && mods.contains(JavaModifier.PROTECTED));
    }

    private static void collect(JavaType type, String where, List<String> found) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (isInternal(raw)) {
                found.add(where + " " + raw.getName());
            }
        }
    }
}
