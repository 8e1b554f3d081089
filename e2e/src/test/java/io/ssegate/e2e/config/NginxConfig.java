package io.ssegate.e2e.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An nginx configuration file, parsed into its directives and blocks (includes are not
 * followed). Answers what a location ends up with, inheriting from the enclosing blocks
 * as nginx does.
 */
final class NginxConfig {

	private NginxConfig() {
	}

	static Directive parse(Path file) {
		try {
			return parse(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Directive parse(String text) {
		Directive root = new Directive("(main)", List.of(), null);
		Directive block = root;
		List<String> words = new ArrayList<>();
		Tokenizer tokens = new Tokenizer(text);
		for (String token = tokens.next(); token != null; token = tokens.next()) {
			switch (token) {
				case ";" -> {
					block.children.add(directive(words, block));
					words.clear();
				}
				case "{" -> {
					Directive child = directive(words, block);
					block.children.add(child);
					block = child;
					words.clear();
				}
				case "}" -> {
					if (!words.isEmpty() || block.parent == null) {
						throw new IllegalArgumentException("Unexpected } after " + words);
					}
					block = block.parent;
				}
				default -> words.add(token);
			}
		}
		if (block != root || !words.isEmpty()) {
			throw new IllegalArgumentException("Unterminated block or directive: " + block.name + " " + words);
		}
		return root;
	}

	private static Directive directive(List<String> words, Directive parent) {
		if (words.isEmpty()) {
			throw new IllegalArgumentException("Empty directive in " + parent.name);
		}
		return new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), parent);
	}

	/**
	 * A directive, or a block with its children.
	 */
	static final class Directive {

		private final String name;

		private final List<String> args;

		private final Directive parent;

		private final List<Directive> children = new ArrayList<>();

		private Directive(String name, List<String> args, Directive parent) {
			this.name = name;
			this.args = args;
			this.parent = parent;
		}

		String name() {
			return this.name;
		}

		List<String> args() {
			return this.args;
		}

		String arg() {
			if (this.args.size() != 1) {
				throw new AssertionError(this + " has " + this.args.size() + " arguments, expected one");
			}
			return this.args.get(0);
		}

		List<Directive> children() {
			return List.copyOf(this.children);
		}

		/**
		 * The children with a name.
		 */
		List<Directive> all(String name) {
			return this.children.stream().filter((child) -> child.name.equals(name)).toList();
		}

		/**
		 * Every block with a name and arguments, at any depth.
		 */
		List<Directive> blocks(String name, String... args) {
			List<Directive> found = new ArrayList<>();
			for (Directive child : this.children) {
				if (child.name.equals(name) && child.args.equals(List.of(args))) {
					found.add(child);
				}
				found.addAll(child.blocks(name, args));
			}
			return found;
		}

		/**
		 * The one block with a name and arguments, at any depth.
		 */
		Directive block(String name, String... args) {
			List<Directive> found = blocks(name, args);
			if (found.size() != 1) {
				throw new AssertionError(
						"Expected one '" + name + " " + String.join(" ", args) + "' block, found " + found.size());
			}
			return found.get(0);
		}

		/**
		 * The directive that applies here: this block's own, or the nearest enclosing
		 * block's.
		 */
		Optional<Directive> effective(String name) {
			for (Directive block = this; block != null; block = block.parent) {
				List<Directive> own = block.all(name);
				if (!own.isEmpty()) {
					return Optional.of(own.get(own.size() - 1));
				}
			}
			return Optional.empty();
		}

		/**
		 * The directives of an array-like setting (such as {@code proxy_set_header}) that
		 * apply here: nginx inherits them only into blocks that declare none of their
		 * own.
		 */
		List<Directive> effectiveAll(String name) {
			for (Directive block = this; block != null; block = block.parent) {
				List<Directive> own = block.all(name);
				if (!own.isEmpty()) {
					return own;
				}
			}
			return List.of();
		}

		@Override
		public String toString() {
			return (this.args.isEmpty()) ? this.name : this.name + " " + String.join(" ", this.args);
		}

	}

	/**
	 * Splits nginx configuration text into words, quoted strings (unquoted) and the
	 * characters {@code ;}, <code>{</code> and <code>}</code>; drops comments.
	 */
	private static final class Tokenizer {

		private final String text;

		private int position;

		Tokenizer(String text) {
			this.text = text;
		}

		String next() {
			skipSpaceAndComments();
			if (this.position >= this.text.length()) {
				return null;
			}
			char first = this.text.charAt(this.position);
			if (first == ';' || first == '{' || first == '}') {
				this.position++;
				return String.valueOf(first);
			}
			if (first == '"' || first == '\'') {
				return quoted(first);
			}
			int start = this.position;
			while (this.position < this.text.length() && !isDelimiter(this.text.charAt(this.position))) {
				this.position++;
			}
			return this.text.substring(start, this.position);
		}

		private String quoted(char quote) {
			StringBuilder value = new StringBuilder();
			this.position++;
			while (this.position < this.text.length() && this.text.charAt(this.position) != quote) {
				char c = this.text.charAt(this.position++);
				if (c == '\\' && this.position < this.text.length()) {
					c = this.text.charAt(this.position++);
				}
				value.append(c);
			}
			if (this.position >= this.text.length()) {
				throw new IllegalArgumentException("Unterminated string: " + quote + value);
			}
			this.position++;
			return value.toString();
		}

		private void skipSpaceAndComments() {
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position);
				if (c == '#') {
					while (this.position < this.text.length() && this.text.charAt(this.position) != '\n') {
						this.position++;
					}
				}
				else if (Character.isWhitespace(c)) {
					this.position++;
				}
				else {
					return;
				}
			}
		}

		private static boolean isDelimiter(char c) {
			return Character.isWhitespace(c) || c == ';' || c == '{' || c == '}';
		}

	}

}
