package io.ssegate.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.ssegate.e2e.Repository;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code deploy/helm/ssegate} with the values of one preset, run through Helm's own code
 * (helm-java bundles Helm as a native library): no cluster, no {@code helm} binary.
 * <p>
 * {@code helm lint} reads only the chart's {@code values.yaml}, so the chart is copied to
 * a directory of the test with the preset merged into its {@code values.yaml}; lint and
 * template both run on that copy.
 */
final class HelmChart {

	static final String RELEASE = "ssegate";

	static final String NAMESPACE = "streaming";

	private static final Path CHART = Repository.file("deploy/helm/ssegate");

	private final Path copy;

	private HelmChart(Path copy) {
		this.copy = copy;
	}

	/**
	 * The chart with a preset's values on top of its defaults.
	 * @param preset a file under {@code src/test/resources/helm}, without {@code .yaml}
	 * @param overrides more values, by dotted path ({@code ingress.controller})
	 * @param workDirectory an empty directory the copy goes into
	 * @return the chart
	 */
	static HelmChart withPreset(String preset, Map<String, Object> overrides, Path workDirectory) {
		Map<String, Object> values = load(CHART.resolve("values.yaml"));
		deepMerge(values, load(Repository.file("e2e/src/test/resources/helm/" + preset + ".yaml")));
		overrides.forEach((path, value) -> put(values, path.split("\\."), value));
		Path copy = workDirectory.resolve("ssegate");
		copyTree(CHART, copy);
		write(copy.resolve("values.yaml"), yaml().dump(values));
		return new HelmChart(copy);
	}

	LintResult lint() {
		return new Helm(this.copy).lint().strict().call();
	}

	/**
	 * The objects the chart renders.
	 * @return the manifests
	 * @throws IllegalStateException with Helm's message if the values are refused
	 */
	Manifests render() {
		String output = new Helm(this.copy).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion("1.33.0")
			.call();
		Path file = this.copy.resolveSibling("rendered.yaml");
		write(file, output);
		return Manifests.load(file);
	}

	@SuppressWarnings("unchecked")
	private static void deepMerge(Map<String, Object> target, Map<String, Object> source) {
		source.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && target.get(key) instanceof Map<?, ?> existing && !map.isEmpty()) {
				deepMerge((Map<String, Object>) existing, (Map<String, Object>) map);
			}
			else {
				target.put(key, value);
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> values, String[] path, Object value) {
		Map<String, Object> parent = values;
		for (int i = 0; i < path.length - 1; i++) {
			parent = (Map<String, Object>) parent.computeIfAbsent(path[i], (key) -> new LinkedHashMap<>());
		}
		parent.put(path[path.length - 1], value);
	}

	private static Map<String, Object> load(Path file) {
		try {
			Map<String, Object> values = yaml().load(Files.readString(file));
			return (values != null) ? values : new LinkedHashMap<>();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Yaml yaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	private static void copyTree(Path source, Path target) {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path destination = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
