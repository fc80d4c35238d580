package io.llmbatch4j.samples.spring.startup;

import java.lang.management.ManagementFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A WebFlux + actuator application with no beans of its own (no component scan): started once with the
 * llmbatch4j auto-configuration and once without it by {@link StartupBench}. Prints the JVM's uptime when
 * the context is ready ({@code STARTUP_MS n}) and exits.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupProbe {

    /**
     * Starts, prints, stops.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(StartupProbe.class)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(args);
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("STARTUP_MS " + uptime + " beans " + ctx.getBeanDefinitionCount());
        ctx.close();
    }
}
