package io.relayq.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the coordinator (or the database) that can cut the network the way a real
 * partition does: while {@link #partition() partitioned}, bytes sent either way are held back (as
 * packets that are dropped and retransmitted later) and new connections get no answer;
 * {@link #heal()} lets everything through again. Connections and calls hang meanwhile, they are not
 * refused. {@link #cut()} is the other kind of loss, a server gone or a link reset: every open
 * connection is closed and new ones are closed as soon as they are made, until {@link #restore()}.
 */
final class PartitionProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final Object gate = new Object();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean partitioned;
  private volatile boolean cutOff;
  private volatile boolean closed;

  private PartitionProxy(ServerSocket listener, InetSocketAddress upstream) {
    this.listener = listener;
    this.upstream = upstream;
  }

  /** A proxy on a free loopback port that forwards to {@code target}. */
  static PartitionProxy to(URI target) {
    return toPort(target.getPort());
  }

  /** A proxy on a free loopback port that forwards to {@code port} on the loopback address. */
  static PartitionProxy toPort(int port) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      PartitionProxy proxy = new PartitionProxy(listener, new InetSocketAddress("127.0.0.1", port));
      Thread.ofVirtual().name("proxy-accept").start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  int port() {
    return listener.getLocalPort();
  }

  void partition() {
    partitioned = true;
  }

  /** Closes every open connection, and each new one as soon as it is made, until {@link #restore()}. */
  void cut() {
    cutOff = true;
    sockets.forEach(PartitionProxy::closeQuietly);
    sockets.clear();
  }

  void restore() {
    cutOff = false;
  }

  void heal() {
    synchronized (gate) {
      partitioned = false;
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket downstream = listener.accept();
        if (cutOff) {
          closeQuietly(downstream);
          continue;
        }
        sockets.add(downstream);
        Thread.ofVirtual().name("proxy-connect").start(() -> connect(downstream));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void connect(Socket downstream) {
    try {
      awaitHealed();
      Socket up = new Socket(upstream.getAddress(), upstream.getPort());
      sockets.add(up);
      Thread.ofVirtual().name("proxy-up").start(() -> pump(downstream, up));
      Thread.ofVirtual().name("proxy-down").start(() -> pump(up, downstream));
    } catch (IOException | InterruptedException e) {
      closeQuietly(downstream);
    }
  }

  /** Copies bytes from {@code from} to {@code to}, holding each read back while partitioned. */
  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        awaitHealed();
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // one side closed: close the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitHealed() throws InterruptedException {
    synchronized (gate) {
      while (partitioned && !closed) {
        gate.wait();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    closeQuietly(listener);
    sockets.forEach(PartitionProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
