package dev.agentserve.stream;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.agentserve.turn.EventRecord;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;

/**
 * One turn a connection follows. It takes the turn's events one at a time and the next
 * only when the {@link Outbox} has room, so a client that reads slowly slows the reads
 * from Redis instead of filling memory.
 */
final class Follow extends BaseSubscriber<EventRecord> {

	private final String turnId;

	private final Outbox outbox;

	private final BiConsumer<String, Throwable> onError;

	private final Consumer<Follow> onEnd;

	Follow(String turnId, Outbox outbox, BiConsumer<String, Throwable> onError, Consumer<Follow> onEnd) {
		this.turnId = turnId;
		this.outbox = outbox;
		this.onError = onError;
		this.onEnd = onEnd;
	}

	String turnId() {
		return this.turnId;
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		request(1);
	}

	@Override
	protected void hookOnNext(EventRecord record) {
		if (this.outbox.event(record.json(), () -> request(1))) {
			request(1);
		}
	}

	@Override
	protected void hookOnError(Throwable ex) {
		this.onError.accept(this.turnId, ex);
	}

	@Override
	protected void hookFinally(SignalType type) {
		this.onEnd.accept(this);
	}

}
