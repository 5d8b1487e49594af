package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTests {

	/** A writer whose writes complete when the test says so. */
	private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	private final List<Sinks.One<Boolean>> replies = new CopyOnWriteArrayList<>();

	private Mono<Boolean> write(List<Integer> batch) {
		this.batches.add(List.copyOf(batch));
		Sinks.One<Boolean> reply = Sinks.one();
		this.replies.add(reply);
		return reply.asMono();
	}

	private void reply(int index, boolean written) {
		this.replies.get(index).tryEmitValue(written);
	}

	@Test
	void writesTheFirstItemAtOnceAndWhatArrivesMeanwhileInOneBatch() {
		TestPublisher<Integer> items = TestPublisher.create();

		StepVerifier.create(GroupCommit.write(items.flux(), 64, 1000, (item) -> 1, this::write))
			.then(() -> items.next(1))
			.then(() -> assertThat(this.batches).containsExactly(List.of(1)))
			.then(() -> items.next(2, 3, 4))
			.then(() -> assertThat(this.batches).hasSize(1))
			.then(() -> reply(0, true))
			.then(() -> assertThat(this.batches).containsExactly(List.of(1), List.of(2, 3, 4)))
			.then(() -> items.next(5))
			.then(items::complete)
			.then(() -> reply(1, true))
			.then(() -> assertThat(this.batches).last().isEqualTo(List.of(5)))
			.then(() -> reply(2, true))
			.expectNext(true)
			.verifyComplete();
	}

	@Test
	void aRefusedBatchStopsTheProducer() {
		TestPublisher<Integer> items = TestPublisher.create();

		StepVerifier.create(GroupCommit.write(items.flux(), 64, 1000, (item) -> 1, this::write))
			.then(() -> items.next(1))
			.then(() -> reply(0, false))
			.expectNext(false)
			.verifyComplete();
		items.assertCancelled();
	}

	@Test
	void theProducerRunsAtMostMaxItemsAheadOfTheWrites() {
		TestPublisher<Integer> items = TestPublisher.createNoncompliant(TestPublisher.Violation.REQUEST_OVERFLOW);

		StepVerifier.create(GroupCommit.write(items.flux(), 4, 1000, (item) -> 1, this::write))
			.then(() -> items.assertMaxRequested(4))
			.then(() -> items.next(1, 2, 3, 4))
			// Everything requested is pending or being written: no more is asked for.
			.then(() -> items.assertMaxRequested(4))
			.then(() -> reply(0, true))
			.then(() -> assertThat(this.batches).containsExactly(List.of(1), List.of(2, 3, 4)))
			.thenCancel()
			.verify();
		items.assertCancelled();
	}

	@Test
	void batchesStayUnderTheirWeightButAlwaysTakeOneItem() {
		TestPublisher<Integer> items = TestPublisher.create();

		StepVerifier.create(GroupCommit.write(items.flux(), 64, 10, (item) -> item, this::write))
			.then(() -> items.next(1))
			.then(() -> items.next(4, 5, 20, 3))
			.then(() -> reply(0, true))
			.then(() -> reply(1, true))
			.then(() -> reply(2, true))
			.then(items::complete)
			.then(() -> reply(3, true))
			.expectNext(true)
			.verifyComplete();
		assertThat(this.batches).containsExactly(List.of(1), List.of(4, 5), List.of(20), List.of(3));
	}

	@Test
	void aFailedWriteFailsTheResultAndStopsTheProducer() {
		TestPublisher<Integer> items = TestPublisher.create();
		List<Integer> seen = new ArrayList<>();

		StepVerifier
			.create(GroupCommit.write(items.flux().doOnNext(seen::add), 64, 1000, (item) -> 1,
					(batch) -> Mono.error(new IllegalStateException("store down"))))
			.then(() -> items.next(1))
			.expectErrorMessage("store down")
			.verify();
		items.assertCancelled();
		assertThat(seen).containsExactly(1);
	}

	@Test
	void theItemsAreProducedInTheContextOfTheSubscriber() {
		Flux<Integer> items = Flux.deferContextual((context) -> Flux.just(context.<Integer>get("step")));

		StepVerifier
			.create(GroupCommit.write(items, 64, 1000, (item) -> 1, (batch) -> Mono.just(true))
				.contextWrite(Context.of("step", 7)))
			.expectNext(true)
			.verifyComplete();
	}

	@Test
	void anEmptyStreamCompletesWithoutWriting() {
		StepVerifier.create(GroupCommit.write(Flux.<Integer>empty(), 64, 1000, (item) -> 1, this::write))
			.expectNext(true)
			.verifyComplete();
		assertThat(this.batches).isEmpty();
	}

}
