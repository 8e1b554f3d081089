package io.ssegate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ssegate gateway node. Runs on Redis (standalone, Sentinel or Cluster) when a
 * {@code spring.data.redis} connection setting is present, on the embedded single-node
 * broker otherwise.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
