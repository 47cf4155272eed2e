package io.saoma.common;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * An application's own defaults, from a YAML file named after it instead of
 * {@code application.yml}, so that the applications can run side by side in one JVM (the
 * local stack) without reading each other's defaults. They are added with the lowest
 * precedence: {@code application.yml} files, environment variables and arguments override
 * them. Subclasses are registered in {@code META-INF/spring.factories} as
 * {@code org.springframework.boot.EnvironmentPostProcessor}.
 */
public abstract class ApplicationDefaults implements EnvironmentPostProcessor, Ordered {

	private final Class<?> application;

	private final String resource;

	/**
	 * Creates the defaults of one application.
	 * @param application its {@code @SpringBootApplication} class: only an application
	 * started from it gets them
	 * @param resource the classpath location of its YAML defaults
	 */
	protected ApplicationDefaults(Class<?> application, String resource) {
		this.application = application;
		this.resource = resource;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication springApplication) {
		if (!springApplication.getAllSources().contains(this.application)) {
			return;
		}
		try {
			new YamlPropertySourceLoader()
				.load("defaults of " + this.application.getSimpleName(), new ClassPathResource(this.resource))
				.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.resource, ex);
		}
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
