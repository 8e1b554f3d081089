package io.ssegate.protocol;

/**
 * A message on a task's pub/sub channel: the event id, one space, the envelope JSON.
 *
 * @param id the event id
 * @param envelopeJson the envelope JSON text
 */
public record ChannelMessage(EventId id, String envelopeJson) {

	/**
	 * Read a channel message.
	 * @param message the message as published
	 * @return the parts
	 * @throws IllegalArgumentException if the message has no id or no envelope
	 */
	public static ChannelMessage parse(String message) {
		int space = message.indexOf(' ');
		if (space < 0 || space == message.length() - 1) {
			throw new IllegalArgumentException("Channel message has no envelope");
		}
		return new ChannelMessage(EventId.parse(message.substring(0, space)), message.substring(space + 1));
	}

}
