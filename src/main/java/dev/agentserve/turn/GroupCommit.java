package dev.agentserve.turn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;

/**
 * Writes a stream's items in batches by group commit: the first item at once, and all
 * items that arrive while a batch is being written in the next one. A fast producer thus
 * costs one round trip per batch, and a slow one gets each item written without waiting
 * for a window to close. At most {@code maxItems} items are requested ahead of the
 * writes, so the producer is held back while the store is slow. The result is true once
 * every item was written and the stream completed, false as soon as the writer refuses a
 * batch (the stream is then cancelled); cancelling the result cancels the stream.
 */
final class GroupCommit<T> extends BaseSubscriber<T> {

	private final int maxItems;

	private final int maxWeight;

	private final ToIntFunction<T> weigher;

	private final Function<List<T>, Mono<Boolean>> writer;

	private final MonoSink<Boolean> result;

	private final ArrayDeque<T> pending = new ArrayDeque<>();

	private boolean writing;

	private boolean complete;

	private boolean stopped;

	private volatile Disposable inFlight;

	private GroupCommit(int maxItems, int maxWeight, ToIntFunction<T> weigher, Function<List<T>, Mono<Boolean>> writer,
			MonoSink<Boolean> result) {
		this.maxItems = maxItems;
		this.maxWeight = maxWeight;
		this.weigher = weigher;
		this.writer = writer;
		this.result = result;
	}

	/**
	 * Writes {@code items} with {@code writer}, at most {@code maxItems} items and (past
	 * the first) {@code maxWeight} of their weight per batch.
	 */
	static <T> Mono<Boolean> write(Flux<T> items, int maxItems, int maxWeight, ToIntFunction<T> weigher,
			Function<List<T>, Mono<Boolean>> writer) {
		return Mono.create((sink) -> {
			GroupCommit<T> commit = new GroupCommit<>(maxItems, maxWeight, weigher, writer, sink);
			sink.onDispose(commit::stop);
			items.subscribe(commit);
		});
	}

	/** The items are produced in the context of whoever subscribed to the result. */
	@Override
	public Context currentContext() {
		return Context.of(this.result.contextView());
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		subscription.request(this.maxItems);
	}

	@Override
	protected void hookOnNext(T item) {
		synchronized (this) {
			this.pending.add(item);
		}
		drain();
	}

	@Override
	protected void hookOnComplete() {
		synchronized (this) {
			this.complete = true;
		}
		drain();
	}

	@Override
	protected void hookOnError(Throwable error) {
		if (stopOnce()) {
			this.result.error(error);
		}
	}

	private void drain() {
		List<T> batch;
		synchronized (this) {
			if (this.writing || this.stopped) {
				return;
			}
			if (this.pending.isEmpty()) {
				if (!this.complete) {
					return;
				}
				this.stopped = true;
				batch = null;
			}
			else {
				batch = take();
				this.writing = true;
			}
		}
		if (batch == null) {
			this.result.success(true);
			return;
		}
		int size = batch.size();
		this.inFlight = this.writer.apply(batch)
			.defaultIfEmpty(false)
			.subscribe((written) -> written(written, size), this::failed);
	}

	private List<T> take() {
		List<T> batch = new ArrayList<>(Math.min(this.pending.size(), this.maxItems));
		int weight = 0;
		while (!this.pending.isEmpty() && batch.size() < this.maxItems) {
			int next = this.weigher.applyAsInt(this.pending.peek());
			if (!batch.isEmpty() && weight + next > this.maxWeight) {
				break;
			}
			weight += next;
			batch.add(this.pending.poll());
		}
		return batch;
	}

	private void written(boolean written, int size) {
		if (!written) {
			if (stopOnce()) {
				this.result.success(false);
			}
			return;
		}
		synchronized (this) {
			this.writing = false;
		}
		request(size);
		drain();
	}

	private void failed(Throwable error) {
		if (stopOnce()) {
			this.result.error(error);
		}
	}

	private boolean stopOnce() {
		synchronized (this) {
			if (this.stopped) {
				return false;
			}
			this.stopped = true;
		}
		cancel();
		return true;
	}

	private void stop() {
		synchronized (this) {
			this.stopped = true;
		}
		cancel();
		Disposable current = this.inFlight;
		if (current != null) {
			current.dispose();
		}
	}

}
