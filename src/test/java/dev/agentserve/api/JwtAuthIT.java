package dev.agentserve.api;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.WebSocketProbe;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** JWT resource-server mode: a token's {@code sub} is the caller; bad tokens are 401. */
@Import(JwtAuthIT.LocalIssuer.class)
class JwtAuthIT extends IntegrationTest {

	private static final KeyPair ISSUER = keyPair();

	private static final KeyPair FORGER = keyPair();

	@Test
	void aValidTokenIsTheCallerOthersAreRefused() throws Exception {
		WebTestClient carol = as(token(ISSUER, "carol", Instant.now().plusSeconds(300)));
		String sessionId = Sessions.createId(carol);
		carol.get().uri("/sessions/{id}", sessionId).exchange().expectStatus().isOk();

		as(token(ISSUER, "dave", Instant.now().plusSeconds(300))).get()
			.uri("/sessions/{id}", sessionId)
			.exchange()
			.expectStatus()
			.isNotFound();
		as(token(FORGER, "carol", Instant.now().plusSeconds(300))).get()
			.uri("/sessions/{id}", sessionId)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		unauthorized(
				as(token(ISSUER, "carol", Instant.now().minusSeconds(300))).get().uri("/sessions/{id}", sessionId));
		unauthorized(this.http.get().uri("/sessions"));
		unauthorized(this.http.get().uri("/health/detailed"));
		carol.get().uri("/health/detailed").exchange().expectStatus().isOk();
		this.http.get().uri("/health").exchange().expectStatus().isOk();
	}

	@Test
	void aWebSocketHandshakeNeedsAValidToken() throws Exception {
		String carol = token(ISSUER, "carol", Instant.now().plusSeconds(300));
		String sessionId = Sessions.createId(as(carol));
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
		String chat = "{\"type\":\"chat\",\"message\":\"hi\"}";

		assertThat(WebSocketProbe.open(uri, new HttpHeaders(), chat).status()).isEqualTo(401);
		assertThat(
				WebSocketProbe.open(uri, bearer(token(FORGER, "carol", Instant.now().plusSeconds(300))), chat).status())
			.isEqualTo(401);
		assertThat(WebSocketProbe.open(uri, bearer(token(ISSUER, "dave", Instant.now().plusSeconds(300))), chat)
			.firstFrame()).contains("\"code\":\"not_found\"");
		assertThat(WebSocketProbe.open(uri, bearer(carol), chat).firstFrame()).contains("\"type\":\"turn_started\"");
	}

	private static HttpHeaders bearer(String token) {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth(token);
		return headers;
	}

	private static void unauthorized(WebTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	private WebTestClient as(String token) {
		return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
	}

	private static String token(KeyPair signer, String subject, Instant expires) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
				new JWTClaimsSet.Builder().subject(subject)
					.issueTime(Date.from(Instant.now().minusSeconds(600)))
					.expirationTime(Date.from(expires))
					.build());
		jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What spring.security.oauth2.resourceserver.jwt.* gives a deployment, with a local
	 * key. Not a {@code @Configuration}: replicas started by other tests scan the test
	 * packages too.
	 */
	static class LocalIssuer {

		@Bean
		ReactiveJwtDecoder jwtDecoder() {
			return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) ISSUER.getPublic()).build();
		}

	}

}
