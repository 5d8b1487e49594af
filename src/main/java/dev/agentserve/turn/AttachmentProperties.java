package dev.agentserve.turn;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Images attached to chat messages. A request carries its images base64-encoded, so
 * {@code agentserve.api.max-request-size} (and the WebSocket frame limit) bound them too:
 * raise it to send images near {@code max-image-size}.
 *
 * @param maxImageSize the largest image (decoded bytes); larger gets 413
 * @param maxImages images one message may carry (0: none accepted); more gets 413
 */
@ConfigurationProperties("agentserve.attachments")
@Validated
public record AttachmentProperties(@DefaultValue("5MB") DataSize maxImageSize,
		@DefaultValue("4") @PositiveOrZero int maxImages) {

	public AttachmentProperties {
		if (maxImageSize.toBytes() < 1 || maxImageSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("agentserve.attachments.max-image-size must be between 1B and 2GB");
		}
	}

}
