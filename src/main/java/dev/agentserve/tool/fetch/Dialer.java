package dev.agentserve.tool.fetch;

import java.net.InetSocketAddress;

/**
 * Where a checked address is actually dialled. Production dials it as is; tests redirect
 * a public-looking address to a local server, since no public network is reachable from
 * them.
 */
@FunctionalInterface
public interface Dialer {

	Dialer DIRECT = (checked) -> checked;

	InetSocketAddress dial(InetSocketAddress checked);

}
