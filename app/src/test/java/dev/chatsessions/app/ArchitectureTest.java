package dev.chatsessions.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of architecture.md: the shared messages are plain Java, the two sides meet only through
 * them and the event store, and security is configured in one place.
 */
@AnalyzeClasses(packages = "dev.chatsessions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

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
}
