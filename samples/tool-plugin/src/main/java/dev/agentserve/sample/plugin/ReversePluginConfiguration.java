package dev.agentserve.sample.plugin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the plugin contributes; listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}
 * so agentserve picks it up from a jar on its class path.
 */
@AutoConfiguration
public class ReversePluginConfiguration {

	@Bean
	ReverseTool reverseTool() {
		return new ReverseTool();
	}

}
