package dev.agentserve.model.demo;

import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelProvider;
import org.springframework.stereotype.Component;

/** Serves the model reference {@code demo}. */
@Component
class DemoModelProvider implements ModelProvider {

	private final DemoModelClient client;

	DemoModelProvider(DemoModelProperties properties) {
		this.client = new DemoModelClient(properties.tokenDelay());
	}

	@Override
	public String prefix() {
		return "demo";
	}

	@Override
	public ModelClient client(String modelName) {
		return this.client;
	}

}
