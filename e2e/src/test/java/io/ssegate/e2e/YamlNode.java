package io.ssegate.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A node of a parsed YAML document, navigated by keys and list indexes. A missing node
 * fails the test with the path that was looked for.
 */
public final class YamlNode {

	private final Object value;

	private final String path;

	private YamlNode(Object value, String path) {
		this.value = value;
		this.path = path;
	}

	/**
	 * Load a file with one YAML document.
	 * @param file the file
	 * @return the document's root
	 */
	public static YamlNode load(Path file) {
		List<YamlNode> documents = loadAll(file);
		if (documents.size() != 1) {
			throw new AssertionError(file + " holds " + documents.size() + " YAML documents, expected one");
		}
		return documents.get(0);
	}

	/**
	 * Load every YAML document of a file ({@code ---} separated), skipping empty ones.
	 * @param file the file
	 * @return the documents' roots
	 */
	public static List<YamlNode> loadAll(Path file) {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		try (Reader reader = Files.newBufferedReader(file)) {
			List<YamlNode> documents = new ArrayList<>();
			for (Object document : yaml.loadAll(reader)) {
				if (document != null) {
					documents.add(new YamlNode(document, file.getFileName().toString()));
				}
			}
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Parse one YAML document from text, such as a Helm template without its actions.
	 * @param text the document
	 * @param name where it comes from, for messages
	 * @return the document's root
	 */
	public static YamlNode parse(String text, String name) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
		if (document == null) {
			throw new AssertionError(name + " holds no YAML document");
		}
		return new YamlNode(document, name);
	}

	/**
	 * The node at a path, which must exist.
	 * @param path map keys ({@link String}) and list indexes ({@link Integer})
	 * @return the node
	 */
	public YamlNode at(Object... path) {
		return find(path).orElseThrow(() -> new AssertionError("No " + describe(path) + " in " + this.path));
	}

	/**
	 * The node at a path, if it exists.
	 * @param path map keys ({@link String}) and list indexes ({@link Integer})
	 * @return the node, or empty
	 */
	public Optional<YamlNode> find(Object... path) {
		YamlNode node = this;
		for (Object step : path) {
			Object child = null;
			if (step instanceof Integer index && node.value instanceof List<?> list && index < list.size()) {
				child = list.get(index);
			}
			else if (step instanceof String key && node.value instanceof Map<?, ?> map) {
				child = map.get(key);
			}
			if (child == null) {
				return Optional.empty();
			}
			node = new YamlNode(child, node.path + describe(step));
		}
		return Optional.of(node);
	}

	/**
	 * Whether a node exists at a path.
	 * @param path map keys and list indexes
	 * @return whether it exists
	 */
	public boolean has(Object... path) {
		return find(path).isPresent();
	}

	/**
	 * The scalar value as text ({@code 3} and {@code true} too).
	 * @return the text
	 */
	public String text() {
		if (this.value instanceof Map || this.value instanceof List) {
			throw new AssertionError(this.path + " is not a scalar: " + this.value);
		}
		return String.valueOf(this.value);
	}

	/**
	 * The scalar value as a number.
	 * @return the number
	 */
	public long number() {
		if (this.value instanceof Number number) {
			return number.longValue();
		}
		throw new AssertionError(this.path + " is not a number: " + this.value);
	}

	/**
	 * The items of a list.
	 * @return the items
	 */
	public List<YamlNode> items() {
		if (!(this.value instanceof List<?> list)) {
			throw new AssertionError(this.path + " is not a list: " + this.value);
		}
		List<YamlNode> items = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			items.add(new YamlNode(list.get(i), this.path + "[" + i + "]"));
		}
		return items;
	}

	/**
	 * The entries of a map, in document order.
	 * @return the entries
	 */
	public Map<String, YamlNode> entries() {
		if (!(this.value instanceof Map<?, ?> map)) {
			throw new AssertionError(this.path + " is not a map: " + this.value);
		}
		Map<String, YamlNode> entries = new LinkedHashMap<>();
		map.forEach((key, child) -> entries.put(String.valueOf(key), new YamlNode(child, this.path + "." + key)));
		return entries;
	}

	/**
	 * The texts of a list of scalars.
	 * @return the texts
	 */
	public List<String> texts() {
		return items().stream().map(YamlNode::text).toList();
	}

	/**
	 * Where this node is, for messages.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	@Override
	public String toString() {
		return this.path + "=" + this.value;
	}

	private static String describe(Object... path) {
		StringBuilder text = new StringBuilder();
		for (Object step : path) {
			text.append((step instanceof Integer) ? "[" + step + "]" : "." + step);
		}
		return text.toString();
	}

}
