package dev.agentserve.turn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Names this replica in turn records ({@code agentserve.instance-id}, default host +
 * random).
 */
@Component
class InstanceId {

	private final String value;

	InstanceId(@Value("${agentserve.instance-id:}") String configured) {
		this.value = configured.isBlank() ? host() + "-" + UUID.randomUUID().toString().substring(0, 8) : configured;
	}

	String value() {
		return this.value;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "replica";
		}
	}

}
