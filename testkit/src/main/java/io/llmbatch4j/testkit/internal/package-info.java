/**
 * The fake server's moving parts: {@code FakeHandler} (one handler for every request), the endpoints
 * per provider ({@code OpenAiEndpoint}, {@code AnthropicEndpoint}, {@code GeminiEndpoint}, their
 * batch, file and cache stores), the deterministic {@code Dice}, {@code QuotaBook}, the answer and
 * schema-value generators. Written from the providers' documentation only; free to change.
 */
package io.llmbatch4j.testkit.internal;
