/** The OpenAI Batch API and its compatibles (Groq, kluster.ai). */
@NullMarked
package io.llmbatch4j.providers.batch.openai;

import org.jspecify.annotations.NullMarked;
