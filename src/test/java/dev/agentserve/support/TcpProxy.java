package dev.agentserve.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the test Redis that a test can stall (connections stay open,
 * nothing is forwarded: a Redis that hangs) or kill (every connection closed and the port
 * refused: a Redis that died), then bring back on the same port. Threads per connection:
 * a test tool for a handful of connections.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private volatile boolean stalled;

	private volatile ServerSocket server;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	/** A proxy to the {@code redis://} URL. */
	public static TcpProxy to(String redisUrl) {
		URI uri = URI.create(redisUrl);
		try {
			return new TcpProxy(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The same URL through this proxy. */
	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Stops forwarding bytes; connections stay open. */
	public void stall() {
		this.stalled = true;
	}

	/** Closes every connection and stops listening: new connections are refused. */
	public void kill() {
		closeQuietly(this.server);
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/** Forwards again, listening again on the same port if it was killed. */
	public void restore() {
		synchronized (this.gate) {
			this.stalled = false;
			this.gate.notifyAll();
		}
		if (this.server.isClosed()) {
			try {
				this.server = listen(this.port);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			accept(this.server);
		}
	}

	@Override
	public void close() {
		restore();
		kill();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void accept(ServerSocket listening) {
		Thread.ofVirtual().name("tcp-proxy-accept").start(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream;
					try {
						upstream = new Socket(this.targetHost, this.targetPort);
					}
					catch (IOException ex) {
						closeQuietly(client);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					// Closed by kill().
				}
			}
		});
	}

	private void pump(Socket from, Socket to) {
		Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					awaitForwarding();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// Either side closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private void awaitForwarding() throws InterruptedException {
		synchronized (this.gate) {
			while (this.stalled) {
				this.gate.wait();
			}
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closed already.
		}
	}

}
