package io.ssegate.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * One non-blocking TCP connection of a {@link SelectorLoop}'s client: the socket plumbing
 * the load tool's NIO clients share. Owned by the loop's thread; after {@link #close()}
 * it may connect again.
 */
final class TcpConnection {

	private @Nullable SocketChannel channel;

	private @Nullable SelectionKey key;

	/**
	 * Start connecting, with {@code TCP_NODELAY}, and register with the loop: for
	 * {@code OP_CONNECT}, or for the given operations when the connection is made at
	 * once.
	 * @param loop the loop
	 * @param address where to connect
	 * @param operations the interest when connected at once
	 * @param attachment the selection key's attachment
	 * @throws IOException if the connection cannot be started; {@link #close()} it then
	 */
	<A> void connect(SelectorLoop<A> loop, InetSocketAddress address, int operations, A attachment) throws IOException {
		SocketChannel channel = SocketChannel.open();
		this.channel = channel;
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		boolean connected = channel.connect(address);
		this.key = loop.register(channel, connected ? operations : SelectionKey.OP_CONNECT, attachment);
	}

	/**
	 * Finish a connect that {@code OP_CONNECT} reported.
	 * @return whether the connection is made
	 * @throws IOException if it failed, or there is no connection
	 */
	boolean finishConnect() throws IOException {
		return requireChannel().finishConnect();
	}

	/**
	 * Whether a connection is made or being made.
	 */
	boolean isOpen() {
		return this.channel != null;
	}

	/**
	 * Whether the connection is made.
	 */
	boolean isConnected() {
		SocketChannel channel = this.channel;
		return channel != null && channel.isConnected();
	}

	/**
	 * Whether the connection is registered with the loop, so that its interest can
	 * change.
	 */
	boolean isRegistered() {
		SelectionKey key = this.key;
		return key != null && key.isValid();
	}

	/**
	 * Change the operations the loop waits for (none when not registered).
	 * @param operations the {@link SelectionKey} operations
	 */
	void interestOps(int operations) {
		SelectionKey key = this.key;
		if (key != null) {
			key.interestOps(operations);
		}
	}

	int read(ByteBuffer buffer) throws IOException {
		return requireChannel().read(buffer);
	}

	void write(ByteBuffer buffer) throws IOException {
		requireChannel().write(buffer);
	}

	/**
	 * Cancel the registration and close the socket, if any.
	 */
	void close() {
		if (this.key != null) {
			this.key.cancel();
			this.key = null;
		}
		if (this.channel != null) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Gone anyway.
			}
			this.channel = null;
		}
	}

	private SocketChannel requireChannel() throws IOException {
		SocketChannel channel = this.channel;
		if (channel == null) {
			throw new IOException("Not connected");
		}
		return channel;
	}

}
