package dev.agentserve.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP API limits.
 *
 * @param maxRequestSize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("agentserve.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxRequestSize) {

	public ApiProperties {
		if (maxRequestSize.toBytes() < 1 || maxRequestSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("agentserve.api.max-request-size must be between 1B and 2GB");
		}
	}

}
