/**
 * A loopback fake LLM provider server that speaks the OpenAI, Anthropic and Gemini wire formats,
 * for tests and for trying the library without an API key.
 */
package io.llmbatch4j.testkit;
