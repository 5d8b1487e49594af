package dev.agentserve.model.http;

/** The wire protocol of a model endpoint. */
public enum EndpointType {

	/** OpenAI Chat Completions: OpenAI, vLLM, SGLang, Ollama, DashScope, ... */
	OPENAI,

	/** Anthropic Messages. */
	ANTHROPIC

}
