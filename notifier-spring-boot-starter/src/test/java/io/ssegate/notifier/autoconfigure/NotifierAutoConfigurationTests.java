package io.ssegate.notifier.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.ssegate.notifier.EventDataSerializer;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.QuietOutput;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.notifier.TaskEndedException;
import io.ssegate.notifier.TaskNotification;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class NotifierAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NotifierAutoConfiguration.class));

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
	void propertiesAreBoundIntoOptions() {
		this.runner.withBean(Notifier.class, RecordingNotifier::recording)
			.withPropertyValues("ssegate.notifier.key-prefix=orders:", "ssegate.notifier.history-max-length=50",
					"ssegate.notifier.history-ttl=2h", "ssegate.notifier.idempotency-ttl=10m",
					"ssegate.notifier.timeout=750ms", "ssegate.notifier.max-payload-bytes=4096")
			.run((context) -> assertThat(context.getBean(NotifierProperties.class).toOptions())
				.isEqualTo(new NotifierOptions("orders:", 50, Duration.ofHours(2), Duration.ofMinutes(10),
						Duration.ofMillis(750), 4096, EventDataSerializer.fromClasspath())));
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
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(causes(failure))
				.anySatisfy((cause) -> assertThat(cause).isInstanceOf(IllegalStateException.class)
					.hasMessage(NotifierAutoConfiguration.NO_REDIS))));
		assertThat(output).contains("set ssegate.notifier.redis-url", "spring.data.redis");
	}

	@Test
	@QuietOutput
	void withoutSpringDataRedisOnTheClasspathStillNeedsARedisUrl(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed());
		assertThat(output).contains(NotifierAutoConfiguration.NO_REDIS);
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

	private static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
	}

}
