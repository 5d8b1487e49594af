package dev.agentserve.api;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.resource.LiteWebJarsResourceResolver;

/**
 * The browser UI: its page at {@code /}, its own scripts under {@code /ui/}, and the
 * libraries it uses (Markdown, HTML sanitiser) from their WebJars under
 * {@code /webjars/<name>/<file>}, without a version in the path. Only these locations are
 * served ({@code spring.web.resources.add-mappings} stays off), and none of them holds
 * data: they are public (SecurityConfiguration), and the page asks for the API key itself
 * when the API needs one.
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebFluxConfigurer {

	private static final Resource PAGE = new ClassPathResource("ui/index.html");

	/**
	 * The page runs only its own scripts and talks only to this service: text the model
	 * wrote cannot load or run anything, even past the sanitiser.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	@Bean
	RouterFunction<ServerResponse> uiPage() {
		return RouterFunctions.route()
			.GET("/",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.TEXT_HTML)
						.cacheControl(CacheControl.noCache())
						.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
						.bodyValue(PAGE))
			.build();
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/ui/**")
			.addResourceLocations("classpath:/ui/")
			.setCacheControl(CacheControl.noCache());
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(1)))
			.resourceChain(true)
			.addResolver(new LiteWebJarsResourceResolver());
	}

}
