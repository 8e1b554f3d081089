package io.ssegate.notifier.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.opentelemetry.api.OpenTelemetry;
import io.ssegate.notifier.EventDataSerializer;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.OpenTelemetryPublishTracer;
import io.ssegate.notifier.PublishTracer;
import io.ssegate.notifier.QuietOutput;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.notifier.TaskEndedException;
import io.ssegate.notifier.TaskNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class NotifierAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NotifierAutoConfiguration.class));

	/**
	 * With Spring Boot's Spring Data Redis, and a notifier of the application's, so that
	 * nothing connects: what the auto-configured notifier would share is seen through
	 * {@link ApplicationRedisClient}.
	 */
	private final ApplicationContextRunner sharingRunner = this.runner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withBean(Notifier.class, RecordingNotifier::recording);

	@Test
	void isRegisteredAsAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(NotifierAutoConfiguration.class.getName());
	}

	@Test
	void backsOffWithoutLettuce() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Notifier.class)
				.doesNotHaveBean(TaskNotificationPublisher.class)
				.doesNotHaveBean(NotifierProperties.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("ssegate.notifier.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Notifier.class)
				.doesNotHaveBean(TaskNotificationPublisher.class));
	}

	@Test
	void userDefinedNotifierWins() {
		RecordingNotifier userNotifier = RecordingNotifier.recording();

		this.runner.withBean("userNotifier", Notifier.class, () -> userNotifier)
			.run((context) -> assertThat(context).hasSingleBean(Notifier.class)
				.getBean(Notifier.class)
				.isSameAs(userNotifier));
	}

	@Test
	void propertiesDefaultToTheNotifierOptionsDefaults() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording).run((context) -> {
			NotifierProperties properties = context.getBean(NotifierProperties.class);
			assertThat(properties.enabled()).isTrue();
			assertThat(properties.redisUrl()).isNull();
			assertThat(properties.toOptions()).isEqualTo(NotifierOptions.create());
		});
	}

	@Test
	void tracesPublishesWithTheApplicationsOpenTelemetry() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.run((context) -> assertThat(context).getBean(PublishTracer.class)
				.isInstanceOf(OpenTelemetryPublishTracer.class));
	}

	@Test
	void makesNoTracerWithoutOpenTelemetry() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PublishTracer.class));
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.withClassLoader(new FilteredClassLoader(OpenTelemetry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PublishTracer.class));
	}

	@Test
	void propertiesAreBoundIntoOptions() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.withPropertyValues("ssegate.notifier.key-prefix=orders:", "ssegate.notifier.history-max-length=50",
					"ssegate.notifier.history-ttl=2h", "ssegate.notifier.idempotency-ttl=10m",
					"ssegate.notifier.timeout=750ms", "ssegate.notifier.max-payload-bytes=4096")
			.run((context) -> assertThat(context.getBean(NotifierProperties.class).toOptions())
				.isEqualTo(new NotifierOptions("orders:", 50, Duration.ofHours(2), Duration.ofMinutes(10),
						Duration.ofMillis(750), 4096, EventDataSerializer.fromClasspath(),
						PublishTracer.fromClasspath())));
	}

	@Test
	@QuietOutput
	void invalidPropertyFailsStartup(CapturedOutput output) {
		this.runner.withPropertyValues("ssegate.notifier.history-max-length=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(causes(failure))
					.hasAtLeastOneElementOfType(IllegalArgumentException.class)));
		assertThat(output).contains("Error creating bean with name 'notifier'", "historyMaxLength must be positive");
	}

	@Test
	@QuietOutput
	void unreachableRedisFailsStartup(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		this.runner.withPropertyValues("ssegate.notifier.redis-url=redis://127.0.0.1:" + port)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(causes(failure))
					.hasAtLeastOneElementOfType(RedisUnavailableException.class)));
		assertThat(output).contains("Error creating bean with name 'notifier'", "Cannot connect to Redis", ":" + port);
	}

	@Test
	@QuietOutput
	void withoutRedisUrlOrSpringDataRedisFailsStartupSayingWhatToSet(CapturedOutput output) {
		this.runner.run(NotifierAutoConfigurationTests::failedSayingWhatToSet);
		assertThat(output).contains(RedisNotConfiguredException.DESCRIPTION, RedisNotConfiguredException.ACTION);
	}

	@Test
	@QuietOutput
	void springDataRedisToldNothingFailsStartupSayingWhatToSet(CapturedOutput output) {
		// What a new application with spring-boot-starter-data-redis and no setting is:
		// Spring Boot's connection factory to localhost:6379, which is no answer.
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.database=3", "spring.data.redis.client-name=orders-app")
			.run(NotifierAutoConfigurationTests::failedSayingWhatToSet);
		assertThat(output).contains(RedisNotConfiguredException.DESCRIPTION, RedisNotConfiguredException.ACTION);
	}

	@ParameterizedTest
	@ValueSource(strings = { "spring.data.redis.url=redis://127.0.0.1:6390", "spring.data.redis.host=127.0.0.1",
			"spring.data.redis.port=6390",
			"spring.data.redis.sentinel.master=orders spring.data.redis.sentinel.nodes=127.0.0.1:26390",
			"spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001",
			"spring.data.redis.cluster.nodes[0]=127.0.0.1:7000 spring.data.redis.cluster.nodes[1]=127.0.0.1:7001",
			"spring.data.redis.masterreplica.nodes=127.0.0.1:6390,127.0.0.1:6391" })
	void springDataRedisToldWhereRedisIsByAPropertyIsShared(String properties) {
		this.sharingRunner.withPropertyValues(properties.split(" "))
			.run(NotifierAutoConfigurationTests::sharesTheClientOfTheConnectionFactory);
	}

	@Test
	void connectionFactoryOfTheApplicationsOwnIsShared() {
		this.sharingRunner
			.withBean(LettuceConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6390)))
			.run(NotifierAutoConfigurationTests::sharesTheClientOfTheConnectionFactory);
	}

	@Test
	void springDataRedisConfigurationOfTheApplicationsOwnIsShared() {
		this.sharingRunner
			.withBean(RedisStandaloneConfiguration.class, () -> new RedisStandaloneConfiguration("127.0.0.1", 6390))
			.run(NotifierAutoConfigurationTests::sharesTheClientOfTheConnectionFactory);
	}

	@Test
	void springDataRedisToldWhereRedisIsByAServiceConnectionIsShared() {
		DataRedisConnectionDetails serviceConnection = new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of("127.0.0.1", 6390);
			}

		};

		this.sharingRunner.withBean(DataRedisConnectionDetails.class, () -> serviceConnection)
			.run(NotifierAutoConfigurationTests::sharesTheClientOfTheConnectionFactory);
	}

	@Test
	@QuietOutput
	void withoutSpringDataRedisOnTheClasspathStillNeedsARedisUrl(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.run(NotifierAutoConfigurationTests::failedSayingWhatToSet);
		assertThat(output).contains(RedisNotConfiguredException.DESCRIPTION);
	}

	@Test
	void missingRedisIsReportedByAFailureAnalyzer() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
			}))).hasAtLeastOneElementOfType(RedisNotConfiguredFailureAnalyzer.class);
	}

	@Test
	@QuietOutput
	void connectionFactoryOtherThanLettucesFailsStartup(CapturedOutput output) {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed());
		assertThat(output).contains("whose client the ssegate notifier cannot share: set ssegate.notifier.redis-url");
	}

	@Test
	void eventDataIsWrittenWithTheApplicationsJackson3Mapper() {
		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(Notifier.class, RecordingNotifier::recording)
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> assertThat(context.getBean(EventDataSerializer.class).toJson(new Progress(50)))
				.isEqualTo("{\"percent_done\":50}"));
	}

	@Test
	void eventDataIsWrittenWithTheApplicationsJackson2MapperWhenItHasNoJackson3One() {
		this.runner
			.withBean(com.fasterxml.jackson.databind.ObjectMapper.class,
					NotifierAutoConfigurationTests::snakeCaseJackson2Mapper)
			.withBean(Notifier.class, RecordingNotifier::recording)
			.run((context) -> assertThat(context.getBean(EventDataSerializer.class).toJson(new Progress(50)))
				.isEqualTo("{\"percent_done\":50}"));
	}

	@Test
	void jackson3MapperWinsOverJackson2Mapper() {
		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(com.fasterxml.jackson.databind.ObjectMapper.class,
					NotifierAutoConfigurationTests::snakeCaseJackson2Mapper)
			.withBean(Notifier.class, RecordingNotifier::recording)
			.run((context) -> assertThat(context.getBean(EventDataSerializer.class).toJson(new Progress(50)))
				.isEqualTo("{\"percentDone\":50}"));
	}

	@Test
	void userDefinedEventDataSerializerWins() {
		EventDataSerializer serializer = (data) -> "\"custom\"";

		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(EventDataSerializer.class, () -> serializer)
			.withBean(Notifier.class, RecordingNotifier::recording)
			.run((context) -> assertThat(context).getBean(EventDataSerializer.class).isSameAs(serializer));
	}

	@Test
	void withoutMapperBeanNoSerializerBeanIsDefined() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EventDataSerializer.class));
	}

	@Test
	void taskNotificationIsPublishedWithTheNotifier() {
		RecordingNotifier notifier = RecordingNotifier.recording();

		this.runner.withBean(Notifier.class, () -> notifier).run((context) -> {
			context.publishEvent(new TaskNotification("42", NotifyEvent.progress(50)));

			assertThat(notifier.published()).containsExactly(new TaskNotification("42", NotifyEvent.progress(50)));
		});
	}

	@Test
	void notifierFailureReachesTheCodeThatPublishedTheEvent() {
		RecordingNotifier notifier = RecordingNotifier.failingWith(new TaskEndedException("Task 42 has ended"));

		this.runner.withBean(Notifier.class, () -> notifier)
			.run((context) -> assertThatExceptionOfType(TaskEndedException.class)
				.isThrownBy(() -> context.publishEvent(new TaskNotification("42", NotifyEvent.progress(50)))));
	}

	@Test
	void otherEventsAreIgnored() {
		RecordingNotifier notifier = RecordingNotifier.recording();

		this.runner.withBean(Notifier.class, () -> notifier).run((context) -> {
			context.publishEvent("not a task notification");

			assertThat(notifier.published()).isEmpty();
		});
	}

	record Progress(int percentDone) {
	}

	private static com.fasterxml.jackson.databind.ObjectMapper snakeCaseJackson2Mapper() {
		return new com.fasterxml.jackson.databind.ObjectMapper()
			.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
	}

	private static void failedSayingWhatToSet(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new RedisNotConfiguredFailureAnalyzer().analyze(context.getStartupFailure());

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("no Redis to publish to", "localhost:6379 is not taken");
		assertThat(analysis.getAction()).contains("Set ssegate.notifier.redis-url",
				"spring.data.redis.url, .host, .port, .sentinel.master or .cluster.nodes");
	}

	private static void sharesTheClientOfTheConnectionFactory(AssertableApplicationContext context) {
		AbstractRedisClient shared = context.getBean(ApplicationRedisClient.class).get();

		assertThat(shared).isNotNull().isSameAs(context.getBean(LettuceConnectionFactory.class).getNativeClient());
	}

	private static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
	}

}
