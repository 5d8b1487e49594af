package dev.agentserve.model.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * When a failed call to a model endpoint is tried again: at most {@code maxRetries}
 * times, after {@code first} doubled per retry with jitter and capped at {@code max}; a
 * {@code Retry-After} the endpoint sent replaces the computed delay, unless it is longer
 * than {@code max} (then waiting is pointless and the call fails). One policy for every
 * call to an endpoint (model rounds and embeddings), configured by its
 * {@code max-retries}, {@code retry-backoff} and {@code max-backoff}.
 *
 * @param maxRetries retries after the first attempt
 * @param first the first retry's delay
 * @param max the longest delay, {@code Retry-After} included
 */
public record Backoff(int maxRetries, Duration first, Duration max) {

	public Backoff {
		if (maxRetries < 0 || first.isNegative() || max.isNegative()) {
			throw new IllegalArgumentException("retries and backoffs must not be negative");
		}
	}

	/** The policy of a configured endpoint. */
	public static Backoff of(ModelEndpointProperties.Endpoint config) {
		return new Backoff(config.maxRetries(), config.retryBackoff(), config.maxBackoff());
	}

	/**
	 * How long to wait before retry number {@code retries + 1} of a retryable failure, or
	 * null when the call should fail now.
	 * @param retries how many retries were made already
	 * @param retryAfter what the endpoint's {@code Retry-After} asked for, if anything
	 */
	public @Nullable Duration delay(long retries, @Nullable Duration retryAfter) {
		if (retries >= this.maxRetries) {
			return null;
		}
		if (retryAfter != null) {
			return (retryAfter.compareTo(this.max) > 0) ? null : retryAfter;
		}
		Duration backoff = this.first.multipliedBy(1L << Math.min(retries, 20));
		long jittered = (long) (backoff.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble()));
		return Duration.ofMillis(Math.min(jittered, this.max.toMillis()));
	}

	/**
	 * A {@code Retry-After} header (seconds, or an HTTP date) as a delay; null when
	 * absent or unreadable.
	 */
	public static @Nullable Duration retryAfter(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
		}
		catch (NumberFormatException ex) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (RuntimeException unparsable) {
				return null;
			}
		}
	}

}
