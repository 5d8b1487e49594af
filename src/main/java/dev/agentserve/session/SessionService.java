package dev.agentserve.session;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Session policy (TTL bounds, the service-wide limit) over a {@link SessionStore}. */
@Service
public class SessionService {

	private final SessionStore store;

	private final SessionProperties properties;

	SessionService(SessionStore store, SessionProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/**
	 * Creates a session. The service-wide limit is checked before the write, so
	 * concurrent creations may overshoot it by a few; it protects memory, not an exact
	 * quota.
	 */
	public Mono<Session> create(String userId, String agentType, @Nullable Map<String, Object> initialContext,
			@Nullable Long ttlSeconds) {
		return Mono.fromCallable(() -> ttl(ttlSeconds))
			.flatMap((ttl) -> this.store.create(
					new NewSession(userId, agentType, ttl, initialContext, this.properties.maxDuration()),
					this.properties.maxActive()))
			.switchIfEmpty(Mono.error(() -> new SessionLimitExceededException(this.properties.maxActive())));
	}

	public Mono<Session> get(String id, String userId) {
		return this.store.open(id, userId).switchIfEmpty(notFound(id));
	}

	public Mono<Session> updateTtl(String id, String userId, long ttlSeconds) {
		return Mono.fromCallable(() -> ttl(ttlSeconds))
			.flatMap((ttl) -> this.store.updateTtl(id, userId, ttl))
			.switchIfEmpty(notFound(id));
	}

	public Flux<Session> list(String userId) {
		return this.store.list(userId, this.properties.maxListed());
	}

	public Mono<History> history(String id, String userId, int limit) {
		return this.store.history(id, userId, limit).map(History::new).switchIfEmpty(notFound(id));
	}

	public Mono<Void> delete(String id, String userId) {
		return this.store.delete(id, userId).flatMap((deleted) -> deleted ? Mono.<Void>empty() : notFound(id));
	}

	public Mono<Long> countActive() {
		return this.store.countActive();
	}

	public int maxActive() {
		return this.properties.maxActive();
	}

	public Mono<Duration> ping() {
		return this.store.ping();
	}

	private Duration ttl(@Nullable Long seconds) {
		if (seconds == null) {
			return this.properties.defaultTtl();
		}
		Duration ttl = Duration.ofSeconds(seconds);
		if (ttl.compareTo(this.properties.minTtl()) < 0 || ttl.compareTo(this.properties.maxTtl()) > 0) {
			throw new InvalidTtlException(seconds, this.properties.minTtl(), this.properties.maxTtl());
		}
		return ttl;
	}

	private static <T> Mono<T> notFound(String id) {
		return Mono.error(() -> new SessionNotFoundException(id));
	}

}
