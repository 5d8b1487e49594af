package dev.agentserve.support;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.tool.TestTools;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The scripted model and the test tools, for the {@code scripted} agent type of the
 * tests.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestModelsConfiguration {

	@Bean
	ScriptedModel scriptedModel() {
		return new ScriptedModel();
	}

	@Bean
	TestTools.Slow slowTool() {
		return new TestTools.Slow();
	}

	@Bean
	TestTools.Failing failingTool() {
		return new TestTools.Failing();
	}

	@Bean
	TestTools.Hanging hangingTool() {
		return new TestTools.Hanging();
	}

	@Bean
	TestTools.Guarded guardedTool() {
		return new TestTools.Guarded();
	}

	@Bean
	TestTools.Flaky flakyTool() {
		return new TestTools.Flaky();
	}

}
