package dev.agentserve.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * A problem to answer with, and the headers that go with it (Retry-After, Allow, ...).
 */
record Problem(ProblemDetail body, HttpHeaders headers) {

	int status() {
		return this.body.getStatus();
	}

}
