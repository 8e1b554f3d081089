package io.ssegate.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

/**
 * A Lua script of the protocol, run with {@code EVALSHA} and, when the server does not
 * know it yet (after a restart or a {@code SCRIPT FLUSH}), with {@code EVAL}, which also
 * caches it. Each script is sent with {@code history.lua}, the functions the scripts
 * share, in front of it.
 */
final class LuaScript {

	private static final String SHARED = read("history.lua");

	/**
	 * Appends an event to a task's history and publishes it, atomically; see
	 * {@code publish.lua}.
	 */
	static final LuaScript PUBLISH = new LuaScript(SHARED + read("publish.lua"));

	/** Reads a task's history after an event id; see {@code replay.lua}. */
	static final LuaScript REPLAY = new LuaScript(SHARED + read("replay.lua"));

	private final String source;

	private final String sha1;

	private LuaScript(String source) {
		this.source = source;
		this.sha1 = sha1(source);
	}

	/**
	 * The script's source.
	 * @return the Lua source
	 */
	String source() {
		return this.source;
	}

	/**
	 * Run the script.
	 * @param <T> the result type
	 * @param commands the commands of a connection
	 * @param type the output type
	 * @param keys the keys
	 * @param args the arguments
	 * @return the result
	 */
	<T> CompletableFuture<T> run(RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type,
			String[] keys, String... args) {
		CompletableFuture<T> bySha = commands.<T>evalsha(this.sha1, type, keys, args).toCompletableFuture();
		return bySha.exceptionallyCompose((ex) -> (unwrap(ex) instanceof RedisNoScriptException)
				? commands.<T>eval(this.source, type, keys, args).toCompletableFuture()
				: CompletableFuture.failedFuture(ex));
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static String read(String name) {
		try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha1(String source) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
