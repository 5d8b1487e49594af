package dev.agentserve.persistence;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redis key layout shared by every feature that stores data.
 *
 * @param keyPrefix prepended to every key, so several deployments can share one Redis
 */
@ConfigurationProperties("agentserve.redis")
@Validated
public record KeyspaceProperties(@DefaultValue("as:") @NotBlank String keyPrefix) {
}
