package dev.agentserve.tool.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.agentserve.tool.ToolException;

/**
 * Checks a URL before anything connects: http or https only, no credentials, the host
 * allowed, and every address the host resolves to public. Answers the one address to
 * connect to, carrying the host name (for Host, SNI and certificate checks) so nothing
 * resolves it again (no DNS rebinding between check and connect).
 */
final class FetchGuard {

	private final HostResolver resolver;

	private final List<String> allowedHosts;

	FetchGuard(HostResolver resolver, List<String> allowedHosts) {
		this.resolver = resolver;
		this.allowedHosts = allowedHosts;
	}

	/** Blocking (DNS): call on {@code boundedElastic}. */
	InetSocketAddress check(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new ToolException("Only http and https URLs can be fetched");
		}
		if (uri.getRawUserInfo() != null) {
			throw new ToolException("URLs with credentials are not fetched");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new ToolException("The URL has no host");
		}
		if (!allowed(host)) {
			throw new ToolException("The host " + host + " is not on the allowlist");
		}
		int port = (uri.getPort() >= 0) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		List<InetAddress> addresses;
		try {
			InetAddress literal = NumericHost.parse(host);
			addresses = (literal != null) ? List.of(literal) : this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new ToolException("The host " + host + " cannot be resolved");
		}
		if (addresses.isEmpty()) {
			throw new ToolException("The host " + host + " cannot be resolved");
		}
		for (InetAddress address : addresses) {
			if (AddressPolicy.blocked(address)) {
				throw new ToolException("The host " + host + " resolves to a blocked address");
			}
		}
		try {
			String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
			return new InetSocketAddress(InetAddress.getByAddress(name, addresses.get(0).getAddress()), port);
		}
		catch (UnknownHostException ex) {
			throw new ToolException("The host " + host + " cannot be resolved");
		}
	}

	private boolean allowed(String host) {
		if (this.allowedHosts.isEmpty()) {
			return true;
		}
		String lower = host.toLowerCase(Locale.ROOT);
		return this.allowedHosts.stream()
			.anyMatch((allowed) -> allowed.startsWith("*.")
					? lower.endsWith(allowed.substring(1).toLowerCase(Locale.ROOT))
					: lower.equals(allowed.toLowerCase(Locale.ROOT)));
	}

}
