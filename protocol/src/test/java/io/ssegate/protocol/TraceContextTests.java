package io.ssegate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceContextTests {

	private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void acceptsTheW3cExample() {
		TraceContext trace = new TraceContext(PARENT, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

		assertThat(trace.traceparent()).isEqualTo(PARENT);
		assertThat(trace.tracestate()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 " })
	void refusesMalformedTraceparents(String traceparent) {
		assertThat(TraceContext.isValidTraceparent(traceparent)).isFalse();
		assertThat(TraceContext.parse(traceparent, null)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceContext(traceparent, null));
	}

	@Test
	void parseKeepsTheParentAndDropsATracestateThatCannotBeWrittenAsIs() {
		assertThat(TraceContext.parse(PARENT, "a=\"b\"")).isEqualTo(new TraceContext(PARENT, null));
		assertThat(TraceContext.parse(PARENT, "a=b\n")).isEqualTo(new TraceContext(PARENT, null));
		assertThat(TraceContext.parse(PARENT, "x".repeat(513))).isEqualTo(new TraceContext(PARENT, null));
		assertThat(TraceContext.parse(PARENT, "a=b")).isEqualTo(new TraceContext(PARENT, "a=b"));
	}

}
