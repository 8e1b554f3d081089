package io.ssegate.notifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.ssegate.testing.QuietOutputExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Captures what a test writes to {@code System.out} and {@code System.err} and keeps it
 * off the console unless the test fails. For tests that expect a failure banner, a
 * reconnect warning or a stack trace: such output is {@linkplain CapturedOutput captured}
 * as with {@link OutputCaptureExtension} (a {@link CapturedOutput} parameter receives it)
 * but, unlike with that extension alone, not echoed, so that a passing build reads green.
 * Whatever was held back is printed when a test fails.
 * <p>
 * On a method, the output of that test (with its {@code @BeforeEach} and
 * {@code @AfterEach}) is held; on a class, all output from before {@code @BeforeAll} to
 * after {@code @AfterAll}, printed after the class if one of its tests failed. Do not
 * combine it with {@code @ExtendWith(OutputCaptureExtension.class)} on an enclosing
 * element: that capture would begin first and echo what this one holds back.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith({ QuietOutputExtension.class, OutputCaptureExtension.class })
public @interface QuietOutput {

}
