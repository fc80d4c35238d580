package io.llmbatch4j.spring.boot;

import io.llmbatch4j.spring.boot.LlmBatchProperties.ProviderProperties;
import io.llmbatch4j.spring.boot.LlmBatchProperties.ProvidersProperties;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one chat-client bean per configured provider ({@code <name>ChatClient}), unless a bean of that
 * name is already defined (the application's own wins).
 */
final class ChatClientRegistrar implements BeanDefinitionRegistryPostProcessor {

    private final Environment environment;

    ChatClientRegistrar(Environment environment) {
        this.environment = environment;
    }

    static String beanName(String provider) {
        return provider + "ChatClient";
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ProvidersProperties providers = Binder.get(environment)
                .bind(LlmBatchProperties.PREFIX + ".providers", ProvidersProperties.class).orElse(null);
        if (providers == null || !(registry instanceof BeanFactory factory)) {
            return;
        }
        for (Map.Entry<String, ProviderClients.Kind> e : ProviderClients.configured(providers).entrySet()) {
            String name = beanName(e.getKey());
            if (registry.containsBeanDefinition(name)) {
                continue;
            }
            ProviderProperties props = switch (e.getValue()) {
                case OPENAI -> providers.openai();
                case ANTHROPIC -> providers.anthropic();
                case GEMINI -> providers.gemini();
                case COMPATIBLE -> providers.compatible().get(e.getKey());
            };
            RootBeanDefinition def = new RootBeanDefinition();
            def.setTargetType(ProviderClients.type(e.getValue()));
            def.setInstanceSupplier(() -> factory.getBean(ProviderClients.class).create(e.getKey(), e.getValue(), props));
            registry.registerBeanDefinition(name, def);
        }
    }
}
