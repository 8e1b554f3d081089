package io.ssegate.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the gateway's package-info.java files (and STYLE.md), kept by the
 * build. Rules name packages, never classes. The gateway's main classes only: tests may
 * reach across packages.
 */
@AnalyzeClasses(packages = "io.ssegate.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String GATEWAY = "io.ssegate.gateway..";

	private static final String SYSTEM = "io.ssegate.gateway.system..";

	@ArchTest
	static final ArchRule systemUsesNoOtherGatewayPackage = noClasses().that()
		.resideInAPackage(SYSTEM)
		.should()
		.dependOnClassesThat(resideInAPackage(GATEWAY).and(not(resideInAPackage(SYSTEM))))
		.because("system is cross-cutting: every feature may use it, it uses no feature (system/package-info.java)");

	@ArchTest
	static final ArchRule brokerNeverUsesStreamCode = noClasses().that()
		.resideInAPackage("io.ssegate.gateway.broker..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.ssegate.gateway.stream..")
		.because("the broker delivers through EventSink and never imports the stream code (broker/package-info.java)");

	@ArchTest
	static final ArchRule gatewayPackagesHaveNoCycles = slices().matching("io.ssegate.gateway.(*)..")
		.should()
		.beFreeOfCycles();

}
