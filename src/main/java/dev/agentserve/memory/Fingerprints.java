package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.agentserve.model.Message;

/**
 * Names a position in a history without an index (the stored history is capped, so
 * indexes shift): a hash of the message at that position and the one before it.
 */
final class Fingerprints {

	private Fingerprints() {
	}

	/** The fingerprint of position {@code index} of {@code history}. */
	static String of(List<Message> history, int index) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (int i = Math.max(0, index - 1); i <= index; i++) {
				Message message = history.get(i);
				digest.update(message.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(message.content().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The position just after the newest message of {@code history[0, before)} with this
	 * fingerprint; 0 when none has it (the summarised messages all lie before the
	 * history).
	 */
	static int after(List<Message> history, String fingerprint, int before) {
		if (fingerprint.isEmpty()) {
			return 0;
		}
		for (int i = before - 1; i >= 0; i--) {
			if (of(history, i).equals(fingerprint)) {
				return i + 1;
			}
		}
		return 0;
	}

}
