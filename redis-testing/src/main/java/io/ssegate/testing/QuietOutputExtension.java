package io.ssegate.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Holds back console output for the modules' {@code @QuietOutput} annotations. Registered
 * before Spring Boot's {@code OutputCaptureExtension}, it swaps {@code System.out} and
 * {@code System.err} for a buffer first, so that the capture echoes into the buffer
 * instead of the console.
 */
public final class QuietOutputExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(QuietOutputExtension.class);

	private static final String CLASS_OUTPUT = "class";

	private static final String TEST_OUTPUT = "test";

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put(CLASS_OUTPUT, HeldOutput.start());
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		Store store = context.getStore(NAMESPACE);
		// Registered on the class, the class's hold covers the test already.
		if (store.get(CLASS_OUTPUT, HeldOutput.class) == null) {
			store.put(TEST_OUTPUT, HeldOutput.start());
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Store store = context.getStore(NAMESPACE);
		boolean failed = context.getExecutionException().isPresent();
		HeldOutput testOutput = store.remove(TEST_OUTPUT, HeldOutput.class);
		if (testOutput != null) {
			testOutput.release(failed);
		}
		else if (failed) {
			// beforeEach held no output for the test: the class's covers it.
			Objects.requireNonNull(store.get(CLASS_OUTPUT, HeldOutput.class)).testFailed();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		HeldOutput classOutput = Objects
			.requireNonNull(context.getStore(NAMESPACE).remove(CLASS_OUTPUT, HeldOutput.class));
		classOutput.release(context.getExecutionException().isPresent());
	}

	/**
	 * Console output held in memory in the order it was written, the standard error
	 * interleaved with the standard output.
	 */
	private static final class HeldOutput {

		private final PrintStream out;

		private final PrintStream err;

		private final ByteArrayOutputStream held = new ByteArrayOutputStream();

		private volatile boolean testFailed;

		private HeldOutput(PrintStream out, PrintStream err) {
			this.out = out;
			this.err = err;
		}

		static HeldOutput start() {
			HeldOutput output = new HeldOutput(System.out, System.err);
			PrintStream hold = new PrintStream(output.held, true, Charset.defaultCharset());
			System.setOut(hold);
			System.setErr(hold);
			return output;
		}

		void testFailed() {
			this.testFailed = true;
		}

		/**
		 * Give the console back, printing what was held if a test failed.
		 * @param failed whether the test or class that held the output failed
		 */
		void release(boolean failed) {
			System.setOut(this.out);
			System.setErr(this.err);
			if (failed || this.testFailed) {
				this.out.write(this.held.toByteArray(), 0, this.held.size());
				this.out.flush();
			}
		}

	}

}
