package dev.agentserve.security;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

import dev.agentserve.support.Replicas;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Without API keys or JWT the service is open, so it listens on loopback only, unless
 * {@code server.address} is set explicitly (as the Dockerfile does).
 */
class OpenModeBindIT {

	@Test
	void anOpenServiceIsReachableOnLoopbackOnly() throws IOException {
		try (ConfigurableApplicationContext replica = Replicas.start(TestRedis.KEY_PREFIX, "open-loopback")) {
			int port = port(replica);
			assertThat(reachable(InetAddress.getLoopbackAddress(), port)).isTrue();
			Optional<InetAddress> external = nonLoopbackAddress();
			if (external.isPresent()) {
				assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> reachable(external.get(), port));
			}
			else {
				// This machine has no other address to try: check what the server was
				// told to bind.
				assertThat(InetAddress.getByName(replica.getEnvironment().getProperty("server.address"))
					.isLoopbackAddress()).isTrue();
			}
		}
	}

	@Test
	void anExplicitServerAddressExposesTheOpenService() throws IOException {
		try (ConfigurableApplicationContext replica = Replicas.start(TestRedis.KEY_PREFIX, "open-exposed",
				"--server.address=0.0.0.0")) {
			int port = port(replica);
			Optional<InetAddress> external = nonLoopbackAddress();
			assertThat(reachable(external.orElse(InetAddress.getLoopbackAddress()), port)).isTrue();
			assertThat(replica.getEnvironment().getProperty("server.address")).isEqualTo("0.0.0.0");
		}
	}

	private static int port(ConfigurableApplicationContext replica) {
		return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
	}

	private static boolean reachable(InetAddress address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2000);
			return true;
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces().filter((network) -> {
			try {
				return network.isUp() && !network.isLoopback();
			}
			catch (SocketException ex) {
				return false;
			}
		})
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst();
	}

}
