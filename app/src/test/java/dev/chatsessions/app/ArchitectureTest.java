package dev.chatsessions.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The rules of docs/architecture.md: the shared messages are plain Java, the two sides meet only through them and
 * the event store, security is configured in one place, aggregates only decide and projections only fold (neither
 * knows HTTP), every Spring MVC type lives in a package named {@code http}, and no feature package of a side
 * depends on another that depends back on it.
 */
@AnalyzeClasses(packages = "dev.chatsessions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The event-sourced aggregates: Axon's {@code @Aggregate} stereotype. */
    private static final DescribedPredicate<JavaClass> AGGREGATES =
            DescribedPredicate.describe("aggregates", type -> type.isAnnotatedWith(Aggregate.class));

    /** The read models' projections: the query side's classes that fold events. */
    private static final DescribedPredicate<JavaClass> PROJECTIONS = DescribedPredicate.describe(
            "projections",
            type -> type.getPackageName().startsWith("dev.chatsessions.query")
                    && type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(EventHandler.class)));

    @ArchTest
    static final ArchRule apiIsPlainJava = noClasses()
            .that()
            .resideInAPackage("dev.chatsessions.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "javax.persistence..", "com.fasterxml.jackson..")
            .because("api holds the messages both sides share and depends on nothing but Axon's annotations");

    @ArchTest
    static final ArchRule oneSecurityConfigurationForEveryEntryPoint = noClasses()
            .that()
            .resideOutsideOfPackage("dev.chatsessions.security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.security.config..", "org.springframework.security.web..")
            .because("the security module configures every entry point alike (the app and each side alone)");

    @ArchTest
    static final ArchRule commandSideDoesNotReachIntoQuerySide = noClasses()
            .that()
            .resideInAPackage("dev.chatsessions.command..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.chatsessions.query..")
            .because("the sides meet only through api messages and the event store");

    @ArchTest
    static final ArchRule querySideDoesNotReachIntoCommandSide = noClasses()
            .that()
            .resideInAPackage("dev.chatsessions.query..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.chatsessions.command..")
            .because("the sides meet only through api messages and the event store");

    @ArchTest
    static final ArchRule aggregatesDoNotKnowHttp = noClasses()
            .that(AGGREGATES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..http..")
            .because("an aggregate decides on commands; what a refusal looks like over HTTP is the http package's");

    @ArchTest
    static final ArchRule projectionsDoNotKnowHttp = noClasses()
            .that(PROJECTIONS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..http..")
            .because("a projection folds events into its tables and answers queries; HTTP is the http package's");

    @ArchTest
    static final ArchRule aggregatesDoNotQueryTables = noClasses()
            .that(AGGREGATES)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .because("an aggregate decides from its own events; what it must look up is passed in or checked by a"
                    + " component that owns the table");

    @ArchTest
    static final ArchRule onlyHttpPackagesUseSpringMvc = noClasses()
            .that()
            .resideInAPackage("dev.chatsessions..")
            .and()
            .resideOutsideOfPackage("..http..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web.servlet..", "org.springframework.web.filter..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(ResponseEntity.class)
            .orShould()
            .beAnnotatedWith(RestController.class)
            .orShould()
            .beAnnotatedWith(RestControllerAdvice.class)
            .because("controllers, advices, filters, ResponseEntity and SseEmitter (org.springframework.web.servlet)"
                    + " are the HTTP edge, kept in the packages named http");

    @ArchTest
    static final ArchRule commandSideFeaturesHaveNoCycles = slices().matching("dev.chatsessions.command.(*)..")
            .should()
            .beFreeOfCycles()
            .because("each feature package of the command side can be read and changed on its own");

    @ArchTest
    static final ArchRule querySideFeaturesHaveNoCycles = slices().matching("dev.chatsessions.query.(*)..")
            .should()
            .beFreeOfCycles()
            .because("each feature package of the query side can be read and changed on its own");
}
