/** The OpenAI Chat Completions client, also for OpenAI-compatible servers (Groq, kluster.ai, vLLM). */
@NullMarked
package io.llmbatch4j.providers.openai;

import org.jspecify.annotations.NullMarked;
