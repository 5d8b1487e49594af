package dev.agentserve.memory;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.model.Message;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what a turn sends to the model: the agent's system prompt (with the session's
 * initial context, the user's recalled memories and the running summary of what no longer
 * fits), then the newest history that fits the agent's token budget, counted by the
 * model's tokenizer, less the tokens reserved for the answer. Memory and summaries are
 * help, never a reason to fail a turn: when either fails the turn goes on without it.
 */
@Component
public class ConversationContext {

	private static final Logger log = LoggerFactory.getLogger(ConversationContext.class);

	static final String MEMORIES_HEADING = "What you remember about this user (long-term memory; "
			+ "cite a memory by its id, or remove it with forget):";

	static final String SUMMARY_HEADING = "Summary of the earlier conversation (older messages " + "no longer shown):";

	private final ContextWindow window;

	private final JsonMapper json;

	private final Tokenizers tokenizers;

	private final SummaryStore summaries;

	private final Summarizer summarizer;

	private final MemoryService memories;

	ConversationContext(ContextWindow window, JsonMapper json, Tokenizers tokenizers, SummaryStore summaries,
			Summarizer summarizer, MemoryService memories) {
		this.window = window;
		this.json = json;
		this.tokenizers = tokenizers;
		this.summaries = summaries;
		this.summarizer = summarizer;
		this.memories = memories;
	}

	public Mono<TurnContext> build(Session session, ContextRequest request, List<Message> history) {
		return recalled(request).flatMap((recalled) -> {
			TokenCounter counter = this.tokenizers.forModel(request.model());
			String system = system(session, request.systemPrompt(), recalled);
			int budget = request.budget() - counter.count(new SystemMessage(system));
			int start = this.window.start(history, budget, counter);
			if (start == 0 || request.summarizerModel() == null) {
				return Mono.just(new TurnContext(context(system, "", history.subList(start, history.size())), 0, 0));
			}
			int windowed = this.window.start(history,
					budget - request.summaryTokens() - counter.count(SUMMARY_HEADING) - 2, counter);
			TokenTally tally = new TokenTally();
			return summary(session.id(), request, counter, history, windowed, tally)
				.map((summary) -> new TurnContext(context(system, summary, history.subList(windowed, history.size())),
						tally.input(), tally.output()));
		});
	}

	/**
	 * The running summary, with the messages before {@code start} that it does not cover
	 * yet merged in (and stored); on failure the last stored summary.
	 */
	private Mono<String> summary(String sessionId, ContextRequest request, TokenCounter counter, List<Message> history,
			int start, TokenTally tally) {
		return this.summaries.read(sessionId).flatMap((stored) -> {
			int from = Fingerprints.after(history, stored.through(), start);
			if (from >= start) {
				return Mono.just(stored.text());
			}
			String model = request.summarizerModel();
			return this.summarizer.merge(model, stored.text(), history.subList(from, start), tally)
				.flatMap((merged) -> (counter.count(merged) <= request.summaryTokens()) ? Mono.just(merged)
						: this.summarizer.condense(model, merged, tally))
				.map((text) -> cut(text, counter, request.summaryTokens()))
				.flatMap((text) -> this.summaries
					.write(sessionId, new RunningSummary(text, Fingerprints.of(history, start - 1)))
					.thenReturn(text))
				.onErrorResume((ex) -> {
					log.warn("Summarising session {} failed; its turn goes on with the window only: {}", sessionId,
							ex.toString());
					return Mono.just(stored.text());
				});
		}).onErrorResume((ex) -> {
			log.warn("Reading the summary of session {} failed; its turn goes on with the window only: {}", sessionId,
					ex.toString());
			return Mono.just("");
		});
	}

	/** The user's memories relevant to the message, as lines; none when recall is off. */
	private Mono<String> recalled(ContextRequest request) {
		if (request.recallLimit() <= 0 || request.message().isBlank()) {
			return Mono.just("");
		}
		return this.memories.search(request.userId(), request.message(), request.recallLimit()).map((found) -> {
			StringBuilder lines = new StringBuilder();
			found.forEach((memory) -> lines.append("- [")
				.append(memory.id())
				.append("] ")
				.append(memory.content())
				.append('\n'));
			return lines.toString().strip();
		}).onErrorResume((ex) -> {
			log.warn("Recalling memories for a turn failed; it goes on without them: {}", ex.toString());
			return Mono.just("");
		});
	}

	private String system(Session session, String systemPrompt, String recalled) {
		String system = systemPrompt;
		if (session.initialContext() != null && !session.initialContext().isEmpty()) {
			system += "\n\nContext for this conversation (JSON): "
					+ this.json.writeValueAsString(session.initialContext());
		}
		if (!recalled.isEmpty()) {
			system += "\n\n" + MEMORIES_HEADING + "\n" + recalled;
		}
		return system;
	}

	private static List<Message> context(String system, String summary, List<Message> window) {
		List<Message> context = new ArrayList<>(window.size() + 1);
		context.add(new SystemMessage(summary.isEmpty() ? system : system + "\n\n" + SUMMARY_HEADING + "\n" + summary));
		context.addAll(window);
		return context;
	}

	/** The summary cut to {@code tokens} when even condensing left it longer. */
	private static String cut(String text, TokenCounter counter, int tokens) {
		String cut = text;
		while (counter.count(cut) > tokens && cut.length() > 16) {
			cut = cut.substring(0, cut.length() * 9 / 10);
		}
		return cut;
	}

}
