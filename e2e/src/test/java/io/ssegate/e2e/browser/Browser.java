package io.ssegate.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by the system's chromedriver (Debian: {@code chromium} and
 * {@code chromium-driver}). Nothing is downloaded: the driver and the browser are given
 * explicitly, so Selenium Manager never runs.
 */
public final class Browser implements AutoCloseable {

	private static final String INSTALL_HINT = "The browser tests need Chromium and its driver on this machine "
			+ "(Debian/Ubuntu: apt-get install -y chromium chromium-driver)";

	private final ChromeDriverService service;

	private final ChromeDriver driver;

	private final Path profile;

	private final String firstTab;

	private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
		this.service = service;
		this.driver = driver;
		this.profile = profile;
		this.firstTab = driver.getWindowHandle();
	}

	/**
	 * Start the browser.
	 * @param logDirectory where chromedriver writes its log
	 * @return the browser; close it
	 * @throws IllegalStateException if Chromium or chromedriver is not installed
	 */
	public static Browser start(Path logDirectory) {
		Path chromium = Executables.find("chromium", "chromium-browser")
			.orElseThrow(() -> new IllegalStateException(INSTALL_HINT + ": no chromium found"));
		Path chromedriver = Executables.find("chromedriver")
			.orElseThrow(() -> new IllegalStateException(INSTALL_HINT + ": no chromedriver found"));
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
		try {
			Files.createDirectories(logDirectory);
			Path profile = Files.createTempDirectory("ssegate-e2e-chromium-");
			ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--no-first-run", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
				.usingAnyFreePort()
				.withLogFile(logDirectory.resolve("chromedriver.log").toFile())
				.build();
			try {
				ChromeDriver driver = new ChromeDriver(service, options);
				driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
				driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
				return new Browser(service, driver, profile);
			}
			catch (RuntimeException ex) {
				service.stop();
				delete(profile);
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Load a page and return it.
	 * @param url the page
	 * @return the page, for following streams with EventSource
	 */
	StreamPage open(URI url) {
		this.driver.switchTo().window(this.firstTab).get(url.toString());
		return new StreamPage(this.driver, this.firstTab);
	}

	/**
	 * Load a page in a tab of its own, which stays open (with its streams) while
	 * {@link #open} loads other pages in the first tab.
	 * @param url the page
	 * @return the page, for following streams with EventSource
	 */
	StreamPage openInNewTab(URI url) {
		WebDriver tab = this.driver.switchTo().newWindow(WindowType.TAB);
		tab.get(url.toString());
		return new StreamPage(this.driver, tab.getWindowHandle());
	}

	/**
	 * Load the demo page and return it.
	 * @param url the page
	 * @return the page, for starting and following a demo task as its user would
	 */
	DemoPage openDemo(URI url) {
		this.driver.switchTo().window(this.firstTab).get(url.toString());
		return new DemoPage(this.driver);
	}

	/**
	 * Load a page of its own kind and return it.
	 * @param <P> the kind of page
	 * @param url the page
	 * @param page makes the page from the browser that shows it
	 * @return the page
	 */
	public <P> P open(URI url, Function<WebDriver, P> page) {
		this.driver.switchTo().window(this.firstTab).get(url.toString());
		return page.apply(this.driver);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
			delete(this.profile);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary profile is harmless.
		}
	}

}
