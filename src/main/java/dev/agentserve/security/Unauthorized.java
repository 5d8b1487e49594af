package dev.agentserve.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The answer to a request without valid credentials: a 401 that the application's
 * exception handler renders like every other failure, with {@code WWW-Authenticate}.
 */
class Unauthorized extends ResponseStatusException {

	static final String DETAIL = "A valid API key or token is required: send Authorization: Bearer <key>";

	Unauthorized() {
		super(HttpStatus.UNAUTHORIZED, DETAIL);
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return headers;
	}

}
