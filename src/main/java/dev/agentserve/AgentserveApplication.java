package dev.agentserve;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentserveApplication {

	public static void main(String[] args) {
		SpringApplication.run(AgentserveApplication.class, args);
	}

}
