package io.ssegate.notifier.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Recognizes the connection factory that Spring Boot auto-configures when the application
 * says nothing about its Redis: one to {@code localhost:6379}, Spring Data Redis'
 * default, which the notifier does not take for the application's Redis (nor does the
 * gateway).
 * <p>
 * The application has said where its Redis is when it sets one of
 * {@link #LOCATION_PROPERTIES}, declares a connection factory of its own or one of the
 * Spring Data Redis configurations ({@code RedisStandaloneConfiguration} and the like)
 * that Spring Boot's factory is built from, or gives the connection details through a
 * service connection (Testcontainers, Docker Compose).
 */
final class SpringBootRedisDefault {

	/**
	 * The properties that tell Spring Boot where Redis is.
	 */
	static final List<String> LOCATION_PROPERTIES = List.of("spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes",
			"spring.data.redis.masterreplica.nodes");

	/**
	 * Where Spring Boot declares its Lettuce connection factory: Spring Boot 4, Spring
	 * Boot 3.
	 */
	private static final Set<String> FACTORY_CONFIGURATIONS = Set.of(
			"org.springframework.boot.data.redis.autoconfigure.LettuceConnectionConfiguration",
			"org.springframework.boot.autoconfigure.data.redis.LettuceConnectionConfiguration");

	/**
	 * The connection details types of Spring Boot 4 and 3, each with its implementation
	 * that reads the {@code spring.data.redis.*} properties; any other implementation
	 * comes from a service connection.
	 */
	private static final Map<String, String> CONNECTION_DETAILS = Map.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
			"org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails",
			"org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails",
			"org.springframework.boot.autoconfigure.data.redis.PropertiesRedisConnectionDetails");

	private static final List<Class<?>> CONFIGURATIONS = List.of(RedisStandaloneConfiguration.class,
			RedisSentinelConfiguration.class, RedisClusterConfiguration.class,
			RedisStaticMasterReplicaConfiguration.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	SpringBootRedisDefault(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	/**
	 * Whether the connection factory is Spring Boot's, made without being told where
	 * Redis is.
	 * @param connectionFactory the application's connection factory
	 * @return {@code true} if it is Spring Boot's default
	 */
	boolean is(RedisConnectionFactory connectionFactory) {
		return isSpringBoots(connectionFactory) && !hasLocationProperty() && !hasServiceConnection()
				&& !hasConfiguration();
	}

	private boolean isSpringBoots(RedisConnectionFactory connectionFactory) {
		for (String name : this.beanFactory.getBeanNamesForType(RedisConnectionFactory.class, true, false)) {
			if (this.beanFactory.getSingleton(name) == connectionFactory) {
				return this.beanFactory.containsBeanDefinition(name)
						&& isDeclaredBySpringBoot(this.beanFactory.getBeanDefinition(name));
			}
		}
		return false;
	}

	private boolean isDeclaredBySpringBoot(BeanDefinition definition) {
		String configuration = definition.getFactoryBeanName();
		Class<?> type = (configuration != null) ? this.beanFactory.getType(configuration) : null;
		return type != null && FACTORY_CONFIGURATIONS.contains(ClassUtils.getUserClass(type).getName());
	}

	private boolean hasLocationProperty() {
		Binder binder = Binder.get(this.environment);
		// As a list, a property binds however it is written: a=b, a=b,c or a[0]=b (YAML).
		return LOCATION_PROPERTIES.stream()
			.anyMatch((property) -> binder.bind(property, Bindable.listOf(String.class)).isBound());
	}

	private boolean hasServiceConnection() {
		for (Map.Entry<String, String> details : CONNECTION_DETAILS.entrySet()) {
			Class<?> type = resolve(details.getKey());
			if (type != null) {
				for (String name : this.beanFactory.getBeanNamesForType(type, true, false)) {
					Class<?> implementation = this.beanFactory.getType(name);
					if (implementation != null
							&& !ClassUtils.getUserClass(implementation).getName().equals(details.getValue())) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private boolean hasConfiguration() {
		return CONFIGURATIONS.stream()
			.anyMatch((type) -> this.beanFactory.getBeanNamesForType(type, true, false).length > 0);
	}

	private @Nullable Class<?> resolve(String className) {
		return ClassUtils.isPresent(className, this.beanFactory.getBeanClassLoader())
				? ClassUtils.resolveClassName(className, this.beanFactory.getBeanClassLoader()) : null;
	}

}
