package io.ssegate.notifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TaskNotificationTests {

	@Test
	void holdsTaskIdAndEvent() {
		TaskNotification notification = new TaskNotification("42", NotifyEvent.progress(50));

		assertThat(notification.taskId()).isEqualTo("42");
		assertThat(notification.event()).isEqualTo(NotifyEvent.progress(50));
	}

	@Test
	void rejectsInvalidTaskIdWhenCreated() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskNotification("{42}", NotifyEvent.progress(50)));
	}

	@Test
	void requiresAnEvent() {
		assertThatNullPointerException().isThrownBy(() -> new TaskNotification("42", null));
	}

}
