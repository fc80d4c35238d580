package io.llmbatch4j.samples.spring;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one strategy of the service, from {@code classifier.*} in application.yaml. */
@Configuration(proxyBeanMethods = false)
class ClassifierConfiguration {

    @Bean
    ChatStrategy classifier(ApplicationContext ctx, @Value("${classifier.client}") String client,
            @Value("${classifier.model}") String model, @Value("${classifier.system-prompt}") String systemPrompt,
            @Value("${classifier.max-output-tokens}") int maxOutputTokens) {
        return ChatStrategy.builder(ctx.getBean(client, ChatClient.class), model).systemPrompt(systemPrompt)
                .maxOutputTokens(maxOutputTokens).build();
    }
}
