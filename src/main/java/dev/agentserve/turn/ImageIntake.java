package dev.agentserve.turn;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import dev.agentserve.model.Image;
import org.springframework.stereotype.Component;

/**
 * Turns the attachments of a chat message into {@link Image}s, or refuses them: a type
 * other than an image, or bytes that are not PNG, JPEG, WebP or GIF whatever was declared
 * (415); an image over the size limit or too many (413); neither or both of {@code data}
 * and {@code url}, bad base64, a URL that is not {@code https} (400). A URL is not
 * fetched: the provider fetches it (decided in the README's "Images"), so only its
 * declared type is checked.
 */
@Component
class ImageIntake {

	static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");

	private static final int MAX_URL_LENGTH = 2048;

	private final AttachmentProperties properties;

	ImageIntake(AttachmentProperties properties) {
		this.properties = properties;
	}

	List<Image> accept(List<Attachment> attachments) {
		if (attachments.isEmpty()) {
			return List.of();
		}
		if (attachments.size() > this.properties.maxImages()) {
			throw new AttachmentTooLargeException("A message may carry " + this.properties.maxImages()
					+ " images, this one has " + attachments.size() + " (agentserve.attachments.max-images)");
		}
		List<Image> images = new ArrayList<>(attachments.size());
		for (int i = 0; i < attachments.size(); i++) {
			images.add(accept(attachments.get(i), "attachments[" + i + "]"));
		}
		return List.copyOf(images);
	}

	private Image accept(Attachment attachment, String where) {
		if (attachment == null || !Image.TYPE.equals(attachment.type())) {
			throw new UnsupportedAttachmentException(
					where + " has type " + ((attachment == null) ? null : quote(attachment.type())));
		}
		if ((attachment.data() == null) == (attachment.url() == null)) {
			throw new InvalidMessageException(where + " needs exactly one of data (base64) and url", false);
		}
		if (attachment.url() != null) {
			return atUrl(attachment, where);
		}
		String base64 = attachment.data();
		long maxBytes = this.properties.maxImageSize().toBytes();
		if (base64.length() / 4L * 3 > maxBytes + 3) {
			throw tooLarge(where, base64.length() / 4L * 3);
		}
		byte[] bytes;
		try {
			bytes = Base64.getMimeDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(where + ".data is not base64: " + ex.getMessage(), false);
		}
		if (bytes.length > maxBytes) {
			throw tooLarge(where, bytes.length);
		}
		ImageHeader header = ImageHeader.read(bytes);
		if (header == null) {
			throw new UnsupportedAttachmentException(where + ".data is not a PNG, JPEG, WebP or GIF image");
		}
		if (attachment.mediaType() != null && !attachment.mediaType().equals(header.mediaType())) {
			throw new UnsupportedAttachmentException(
					where + " declares " + quote(attachment.mediaType()) + " but its bytes are " + header.mediaType());
		}
		return Image.of(header.mediaType(), bytes, sha256(bytes), header.width(), header.height());
	}

	private Image atUrl(Attachment attachment, String where) {
		String url = attachment.url();
		if (attachment.mediaType() == null || !MEDIA_TYPES.contains(attachment.mediaType())) {
			throw new UnsupportedAttachmentException(where + " has mediaType " + quote(attachment.mediaType()));
		}
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMessageException(where + ".url is not a URL", false);
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || url.length() > MAX_URL_LENGTH) {
			throw new InvalidMessageException(
					where + ".url must be an https URL of at most " + MAX_URL_LENGTH + " characters", false);
		}
		return Image.at(attachment.mediaType(), url);
	}

	private AttachmentTooLargeException tooLarge(String where, long bytes) {
		return new AttachmentTooLargeException(where + " has " + bytes + " bytes; the limit is "
				+ this.properties.maxImageSize().toBytes() + " bytes (agentserve.attachments.max-image-size)");
	}

	private static String quote(String value) {
		return (value == null) ? "null" : "'" + (value.length() > 100 ? value.substring(0, 100) + "…" : value) + "'";
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
