package io.ssegate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskKeysTests {

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	@Test
	void namesCarryTheTaskIdAsHashTag() {
		assertThat(this.keys.history("42")).isEqualTo("ssegate:{42}:history");
		assertThat(this.keys.channel("42")).isEqualTo("ssegate:{42}:live");
		assertThat(this.keys.idempotency("42", "step-3")).isEqualTo("ssegate:{42}:idem:step-3");
	}

	@Test
	void defaultPrefixIsSsegate() {
		assertThat(TaskKeys.withDefaultPrefix().prefix()).isEqualTo("ssegate:").isEqualTo(TaskKeys.DEFAULT_PREFIX);
	}

	@Test
	void namesStartWithTheGivenPrefix() {
		TaskKeys custom = new TaskKeys("orders-app.");

		assertThat(custom.history("order:7")).isEqualTo("orders-app.{order:7}:history");
		assertThat(custom.channel("order:7")).isEqualTo("orders-app.{order:7}:live");
		assertThat(custom.idempotency("order:7", "k")).isEqualTo("orders-app.{order:7}:idem:k");
	}

	@Test
	void emptyPrefixIsAllowed() {
		assertThat(new TaskKeys("").history("42")).isEqualTo("{42}:history");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "{x}", "x{", "x}", "a\r\n", "a\n", "*", "\u00e9t\u00e9" })
	void rejectsPrefixesThatWouldBreakNames(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskKeys(prefix));
	}

	@Test
	void rejectsPrefixLongerThan64Characters() {
		assertThat(new TaskKeys("p".repeat(64)).prefix()).hasSize(64);
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskKeys("p".repeat(65)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "a", "A-b_c.d:e", "order:2024-01-01.7", "0" })
	void acceptsTaskIdsOfLettersDigitsAndPunctuation(String taskId) {
		assertThat(TaskKeys.isValidTaskId(taskId)).isTrue();
		assertThat(TaskKeys.requireValidTaskId(taskId)).isSameAs(taskId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{42}", "4{2", "4}2", "{", "}", "4 2", " 42", "42 ", "4\r2", "4\n2", "42\n", "42\r\n",
			"4\t2", "4/2", "4*", "t\u00e2che", "42\u0000" })
	void rejectsTaskIdsThatWouldBreakNames(String taskId) {
		assertThat(TaskKeys.isValidTaskId(taskId)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> TaskKeys.requireValidTaskId(taskId));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.history(taskId));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.channel(taskId));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.idempotency(taskId, "k"));
	}

	@Test
	void rejectsNullTaskId() {
		assertThat(TaskKeys.isValidTaskId(null)).isFalse();
	}

	@Test
	void acceptsTaskIdsUpTo128Characters() {
		String longest = "t".repeat(TaskKeys.MAX_TASK_ID_LENGTH);

		assertThat(TaskKeys.isValidTaskId(longest)).isTrue();
		assertThat(TaskKeys.isValidTaskId(longest + "t")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.history(longest + "t"));
	}

}
