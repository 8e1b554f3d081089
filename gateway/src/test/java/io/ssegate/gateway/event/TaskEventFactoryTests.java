package io.ssegate.gateway.event;

import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskEventFactoryTests {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final TaskEventFactory factory = new TaskEventFactory(this.codec);

	@Test
	void stringDataIsWrittenAsIs() {
		TaskEvent event = this.factory.create(new EventId(5, 1),
				Envelope.of("t1", "progress", this.codec.toData("50%"), TaskStatus.RUNNING, 42));
		assertThat(event.frame().text()).isEqualTo("id: 5-1\nevent: progress\ndata: 50%\n\n");
		assertThat(event.endsTask()).isFalse();
		assertThat(event.publishedAt()).isEqualTo(42);
	}

	@Test
	void otherJsonIsWrittenAsJsonText() {
		TaskEvent event = this.factory.create(new EventId(5, 2),
				Envelope.of("t1", null, this.codec.toData(java.util.Map.of("percent", 50)), TaskStatus.END, 42));
		assertThat(event.frame().text()).isEqualTo("id: 5-2\ndata: {\"percent\":50}\n\n");
		assertThat(event.endsTask()).isTrue();
	}

	@Test
	void envelopeWithLineBreakInEventNameIsRejected() {
		String json = """
				{"version":1,"taskId":"t1","event":"a\\nb","data":"x","terminal":false,"publishedAt":1}""";
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.create(new EventId(1, 0), json));
	}

}
