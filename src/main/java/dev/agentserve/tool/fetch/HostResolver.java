package dev.agentserve.tool.fetch;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a host name to all its addresses (blocking; called on {@code boundedElastic}).
 */
@FunctionalInterface
public interface HostResolver {

	HostResolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	List<InetAddress> resolve(String host) throws java.net.UnknownHostException;

}
