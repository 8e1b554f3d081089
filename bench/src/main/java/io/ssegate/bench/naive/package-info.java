/**
 * The naive SSE service the benchmarks compare ssegate with: the single-node design that
 * users write by hand, after the seed blog post. {@link NaiveSseApplication} serves
 * {@code GET /sse/register?taskId=…} and {@code POST /api/tasks/{taskId}/events}, like
 * ssegate, on one node with no history: a map of emitters per task, and an {@code @Async}
 * event listener that loops over them and sends.
 * <p>
 * Its application event, the blog post's {@code NotifyEvent}, is {@link NaiveEvent} here:
 * one name for one thing, notifier-client's {@code io.ssegate.notifier.NotifyEvent} being
 * another. The naive service keeps the seed design's other names, so that it can be read
 * against the post.
 */
@NullMarked
package io.ssegate.bench.naive;

import org.jspecify.annotations.NullMarked;
