package dev.agentserve.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Caller resolution and the request-body limit of the decoders. */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebFluxConfigurer {

	private final ApiProperties properties;

	ApiWebConfiguration(ApiProperties properties) {
		this.properties = properties;
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new CallerArgumentResolver());
	}

	@Override
	public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
		// Bodies without Content-Length (chunked) are cut off by the decoders at this
		// size.
		configurer.defaultCodecs().maxInMemorySize((int) this.properties.maxRequestSize().toBytes());
	}

}
