package dev.agentserve.memory;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentserve.model.ModelRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link TokenCounter} of each model reference ({@code <endpoint>:<model>}), from
 * {@code agentserve.memory.tokenizers.<endpoint>}: {@code auto} picks JTokkit's encoding
 * for the model name, an encoding name picks that one, {@code chars:<n>} estimates.
 */
@Component
public class Tokenizers {

	static final String DEFAULT_ESTIMATE = "chars:4";

	private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

	private final Map<String, String> settings;

	private final Map<String, TokenCounter> counters = new ConcurrentHashMap<>();

	Tokenizers(MemoryProperties properties, ModelRegistry models) {
		this.settings = properties.tokenizers();
		this.settings.forEach((endpoint, setting) -> {
			if (!models.isKnown(endpoint)) {
				throw new IllegalStateException(
						"agentserve.memory.tokenizers." + endpoint + " names no configured model endpoint");
			}
			String value = setting.trim().toLowerCase(Locale.ROOT);
			if (value.startsWith("chars:")) {
				counter(value, "");
			}
			else if (!value.equals("auto") && EncodingType.fromName(value).isEmpty()) {
				throw unknown(setting);
			}
		});
	}

	/**
	 * Loads the encodings the settings name off the start-up path: a BPE table takes ~200
	 * ms of CPU to load, which would otherwise fall on the start or on the first turn's
	 * event loop.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void loadEncodings() {
		Schedulers.boundedElastic().schedule(() -> this.settings.values().forEach((setting) -> counter(setting, "")));
	}

	/**
	 * The counter for a model reference such as {@code openai:gpt-4o} or {@code demo}.
	 */
	public TokenCounter forModel(String reference) {
		return this.counters.computeIfAbsent(reference, (ref) -> {
			int colon = ref.indexOf(':');
			String endpoint = (colon < 0) ? ref : ref.substring(0, colon);
			String model = (colon < 0) ? "" : ref.substring(colon + 1);
			return counter(this.settings.getOrDefault(endpoint, DEFAULT_ESTIMATE), model);
		});
	}

	private TokenCounter counter(String setting, String model) {
		String value = setting.trim().toLowerCase(Locale.ROOT);
		if (value.startsWith("chars:")) {
			double perToken;
			try {
				perToken = Double.parseDouble(value.substring("chars:".length()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalStateException("Tokenizer estimate '" + setting + "' must be chars:<number>");
			}
			if (!(perToken >= 0.5 && perToken <= 20)) {
				throw new IllegalStateException("Tokenizer estimate '" + setting + "' must be between 0.5 and 20");
			}
			return new EstimatedTokens(perToken);
		}
		if (value.equals("auto")) {
			Encoding encoding = this.registry.getEncodingForModel(model)
				.orElseGet(() -> this.registry.getEncoding(EncodingType.O200K_BASE));
			return new EncodedTokens(encoding);
		}
		return new EncodedTokens(this.registry.getEncoding(value).orElseThrow(() -> unknown(setting)));
	}

	private static IllegalStateException unknown(String setting) {
		return new IllegalStateException("Unknown tokenizer '" + setting
				+ "'; use auto, an encoding such as cl100k_base or o200k_base, or chars:<n>");
	}

	/** Exact counts from a tokenizer. */
	record EncodedTokens(Encoding encoding) implements TokenCounter {

		@Override
		public int count(String text) {
			return this.encoding.countTokensOrdinary(text);
		}

		@Override
		public String name() {
			return this.encoding.getName();
		}

	}

	/** An explicit estimate: so many characters per token, rounded up. */
	record EstimatedTokens(double charactersPerToken) implements TokenCounter {

		@Override
		public int count(String text) {
			return (int) Math.ceil(text.length() / this.charactersPerToken);
		}

		@Override
		public String name() {
			double perToken = this.charactersPerToken;
			return "chars:"
					+ ((perToken == Math.rint(perToken)) ? Long.toString((long) perToken) : Double.toString(perToken));
		}

	}

}
