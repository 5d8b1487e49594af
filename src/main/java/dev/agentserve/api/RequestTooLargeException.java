package dev.agentserve.api;

/** The cause attached to a 413, carrying the sizes for the problem's detail. */
class RequestTooLargeException extends RuntimeException {

	RequestTooLargeException(long length, long maxBytes) {
		super("Request body of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
	}

}
