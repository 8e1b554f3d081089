package io.ssegate.gateway;

import io.netty.util.ResourceLeakDetector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ssegate gateway node. Runs on Redis (standalone, Sentinel or Cluster) when a
 * {@code spring.data.redis} connection setting is present, on the embedded single-node
 * broker otherwise.
 */
@SpringBootApplication
public class GatewayApplication {

	/** Netty's switch for leak tracking, which a node's command line may still set. */
	private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

	public static void main(String[] args) {
		// Netty tracks one buffer allocation in 128 with a stack trace, to find buffers
		// never released: about 1.5 % of the CPU of a node taking publishes. The Redis
		// client releases its buffers; a node tracks them only when asked to.
		if (System.getProperty(LEAK_DETECTION) == null) {
			ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
		}
		SpringApplication.run(GatewayApplication.class, args);
	}

}
