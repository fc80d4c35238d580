/**
 * A loopback fake LLM provider server that speaks the OpenAI, Anthropic and Gemini wire formats,
 * for tests and for trying the library without an API key.
 *
 * <p>Public API: {@link io.llmbatch4j.testkit.FakeLlmServer} (start, base URL, request log,
 * reconfigure, close), {@link io.llmbatch4j.testkit.FakeServerConfig} with
 * {@link io.llmbatch4j.testkit.LatencyProfile}, {@link io.llmbatch4j.testkit.Quota},
 * {@link io.llmbatch4j.testkit.FaultRates} and {@link io.llmbatch4j.testkit.ModelBehavior},
 * {@link io.llmbatch4j.testkit.RecordedRequest}, the JUnit 5
 * {@link io.llmbatch4j.testkit.FakeLlmServerExtension} and the command-line
 * {@link io.llmbatch4j.testkit.FakeLlmServerMain}. The wire formats are implemented in
 * {@code internal} from the providers' documentation, independently of the {@code providers}
 * module, so each checks the other.
 */
@NullMarked
package io.llmbatch4j.testkit;

import org.jspecify.annotations.NullMarked;
