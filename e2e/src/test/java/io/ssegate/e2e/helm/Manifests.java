package io.ssegate.e2e.helm;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ssegate.e2e.YamlNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects {@code helm template} rendered: as parsed maps (for
 * {@link ManifestSchemas}) and as {@link YamlNode}s (for assertions).
 *
 * @param objects every object, as parsed
 * @param nodes the same objects, navigable
 */
record Manifests(List<Map<String, Object>> objects, List<YamlNode> nodes) {

	@SuppressWarnings("unchecked")
	static Manifests load(Path file) {
		List<Map<String, Object>> objects = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
				if (document != null) {
					objects.add((Map<String, Object>) document);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Manifests(objects, YamlNode.loadAll(file));
	}

	/**
	 * The kinds rendered, in order.
	 * @return the kinds
	 */
	List<String> kinds() {
		return this.nodes.stream().map((node) -> node.at("kind").text()).toList();
	}

	/**
	 * The objects of a kind.
	 * @param kind the kind, such as {@code Ingress}
	 * @return the objects, perhaps none
	 */
	List<YamlNode> all(String kind) {
		return this.nodes.stream().filter((node) -> node.at("kind").text().equals(kind)).toList();
	}

	/**
	 * The one object of a kind.
	 * @param kind the kind
	 * @return the object
	 */
	YamlNode one(String kind) {
		List<YamlNode> found = all(kind);
		if (found.size() != 1) {
			throw new AssertionError(found.size() + " objects of kind " + kind + " rendered, expected one: " + kinds());
		}
		return found.get(0);
	}

}
