package dev.agentserve.error;

/**
 * A request refused before any handler saw it: by the HTTP codec (a request line or
 * headers too long, bad syntax) or because its target is no valid URI.
 */
public class MalformedRequestException extends RuntimeException {

	/** What was wrong with it. */
	public enum Kind {

		/** The request line is longer than the codec accepts. */
		URI_TOO_LONG,
		/** The headers together are larger than the codec accepts. */
		HEADERS_TOO_LARGE,
		/** The request target cannot be parsed as a URI. */
		INVALID_URI,
		/** The request line or a header is not valid HTTP/1.1. */
		MALFORMED

	}

	private final Kind kind;

	/** {@code detail} must be fit for the client: it is sent as it is. */
	public MalformedRequestException(Kind kind, String detail) {
		super(detail);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

}
