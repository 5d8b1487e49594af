package dev.agentserve.stream;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * WebSocket connections.
 *
 * @param maxFrameSize the largest frame a client may send; larger ones close the
 * connection with 1009
 * @param ping interval of ping frames that keep idle connections (and proxies) open; a
 * connection whose pending frames were not read for a whole interval is closed (1008)
 * @param allowedOrigins origins whose pages may open a WebSocket; same-origin pages
 * always may
 * @param maxPendingFrames frames waiting to be written to one connection; turn events
 * wait while half of it is used, and a reply that would exceed it closes the connection
 * (1008, the client is not reading)
 * @param maxPendingBytes the same limit in bytes (characters of JSON)
 * @param maxFollows turns one connection follows at once (chat and resume); more get an
 * error frame {@code too_many_follows}
 * @param closeTimeout how long a close frame may wait for a client that does not read
 * before the connection is dropped
 * @param maxRateLimitedFrames frames in a row refused with {@code rate_limited} before
 * the connection is closed (1008)
 */
@ConfigurationProperties("agentserve.websocket")
@Validated
public record StreamProperties(@DefaultValue("64KB") DataSize maxFrameSize, @DefaultValue("15s") Duration ping,
		@DefaultValue List<String> allowedOrigins, @DefaultValue("256") @Positive int maxPendingFrames,
		@DefaultValue("1MB") DataSize maxPendingBytes, @DefaultValue("8") @Positive int maxFollows,
		@DefaultValue("5s") Duration closeTimeout, @DefaultValue("10") @Positive int maxRateLimitedFrames) {

	public StreamProperties {
		allowedOrigins = List.copyOf(allowedOrigins);
	}
}
