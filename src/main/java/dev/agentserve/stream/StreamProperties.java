package dev.agentserve.stream;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * WebSocket connections.
 *
 * @param maxFrameSize the largest frame a client may send; larger ones close the
 * connection with 1009
 * @param ping interval of ping frames that keep idle connections (and proxies) open
 * @param allowedOrigins origins whose pages may open a WebSocket; same-origin pages
 * always may
 */
@ConfigurationProperties("agentserve.websocket")
public record StreamProperties(@DefaultValue("64KB") DataSize maxFrameSize, @DefaultValue("15s") Duration ping,
		@DefaultValue List<String> allowedOrigins) {

	public StreamProperties {
		allowedOrigins = List.copyOf(allowedOrigins);
	}
}
