package dev.agentserve.tool.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code http_fetch} wired for tests: a DNS that maps test names to public and internal
 * addresses, and a dialer that records every dial.
 */
public final class FetchFixtures {

	/** Stands for a public site; dialled, it goes to a local server. */
	public static final String PUBLIC_IP = "93.184.216.34";

	private FetchFixtures() {
	}

	/**
	 * The tool with the test DNS and the given dialer; a 10 s timeout, since the first
	 * connection of a cold JVM on a busy machine takes seconds.
	 */
	public static HttpFetchTool tool(List<String> allowedHosts, Dialer dialer) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("resolver", (HostResolver) FetchFixtures::resolve);
		beans.addBean("dialer", dialer);
		return new HttpFetchTool(
				new HttpFetchProperties(allowedHosts, DataSize.ofKilobytes(64), Duration.ofSeconds(10), 3),
				JsonMapper.builder().build(), beans.getBeanProvider(HostResolver.class),
				beans.getBeanProvider(Dialer.class));
	}

	/**
	 * A DNS for the test: public names to a public address, tricky names to internal
	 * ones.
	 */
	private static List<InetAddress> resolve(String host) throws UnknownHostException {
		Map<String, List<String>> names = Map.of("public.example", List.of(PUBLIC_IP), "localhost",
				List.of("127.0.0.1"), "internal.example", List.of("10.0.0.5"), "metadata.example",
				List.of("169.254.169.254"), "rebind.example", List.of(PUBLIC_IP, "127.0.0.1"), "v6local.example",
				List.of("::1"), "mapped.example", List.of("::ffff:10.0.0.1"));
		List<String> addresses = names.get(host);
		if (addresses == null) {
			throw new UnknownHostException(host);
		}
		return addresses.stream().map((address) -> {
			try {
				return InetAddress.getByName(address);
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	/**
	 * Records every address the tool dials ({@code ip:port}). {@link #PUBLIC_IP} goes to
	 * the local stand-in site; every other dial is refused, so nothing leaves the machine
	 * and nothing waits for a timeout.
	 */
	public static final class RecordingDialer implements Dialer {

		public static final String REFUSED = "dial refused by the test";

		private final int publicSitePort;

		private final List<String> attempts = new CopyOnWriteArrayList<>();

		public RecordingDialer(int publicSitePort) {
			this.publicSitePort = publicSitePort;
		}

		@Override
		public InetSocketAddress dial(InetSocketAddress checked) {
			String address = checked.getAddress().getHostAddress();
			this.attempts.add(address + ":" + checked.getPort());
			if (address.equals(PUBLIC_IP)) {
				return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.publicSitePort);
			}
			throw new IllegalStateException(REFUSED);
		}

		public List<String> attempts() {
			return List.copyOf(this.attempts);
		}

	}

}
