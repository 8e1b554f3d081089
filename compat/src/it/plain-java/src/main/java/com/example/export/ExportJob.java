package com.example.export;

import java.util.Map;

import io.ssegate.notifier.Notifier;

/**
 * A batch job that reports its progress to the browsers following it.
 */
public final class ExportJob {

	private final Notifier notifier;

	public ExportJob(Notifier notifier) {
		this.notifier = notifier;
	}

	public static void main(String[] args) {
		try (Notifier notifier = Notifier.create(args[0])) {
			new ExportJob(notifier).run(args[1]);
		}
	}

	public void run(String taskId) {
		this.notifier.progress(taskId, Map.of("percentDone", 50));
		this.notifier.complete(taskId, new ExportResult("https://example.com/export.csv"));
	}

	public record ExportResult(String downloadUrl) {

	}

}
