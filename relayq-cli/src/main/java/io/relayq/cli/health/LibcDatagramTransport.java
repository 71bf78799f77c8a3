package io.relayq.cli.health;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Sends notifications from this very process with libc's {@code socket(2)} and {@code sendto(2)},
 * called through the JDK's foreign function API. This is the only way that satisfies systemd's
 * {@code NotifyAccess=main}: the JDK has no unix datagram sockets ({@code DatagramChannel} does not
 * take {@code UnixDomainSocketAddress}, and unix {@code SocketChannel}s are stream sockets), and a
 * helper program would send from its own pid.
 *
 * <p>relayq is built for Java 21, where that API is still a preview, so it is reached by reflection
 * and only on Java 22 or newer, where it is final; {@link #load()} is empty elsewhere. Linux only:
 * the socket address layout below is Linux's, and only Linux has systemd.
 */
final class LibcDatagramTransport implements NotifyTransport {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)} on Linux. */
  private static final int SUN_PATH_MAX = 108;

  private final Class<?> arenaType;
  private final Method allocate;
  private final Method ofArray;
  private final Method copyFrom;
  private final MethodHandle socket;
  private final MethodHandle sendto;
  private final MethodHandle close;

  private LibcDatagramTransport(Class<?> arenaType, Method allocate, Method ofArray, Method copyFrom,
      MethodHandle socket, MethodHandle sendto, MethodHandle close) {
    this.arenaType = arenaType;
    this.allocate = allocate;
    this.ofArray = ofArray;
    this.copyFrom = copyFrom;
    this.socket = socket;
    this.sendto = sendto;
    this.close = close;
  }

  /** The transport, or empty when this JVM cannot call libc (older than 22, not Linux, access denied). */
  static Optional<LibcDatagramTransport> load() {
    if (Runtime.version().feature() < 22 || !System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return Optional.empty();
    }
    try {
      return Optional.of(link());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static LibcDatagramTransport link() throws ReflectiveOperationException {
    Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
    Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
    Class<?> allocatorType = Class.forName("java.lang.foreign.SegmentAllocator");
    Class<?> arenaType = Class.forName("java.lang.foreign.Arena");

    Object linker = linkerType.getMethod("nativeLinker").invoke(null);
    Map<?, ?> c = (Map<?, ?>) linkerType.getMethod("canonicalLayouts").invoke(linker);
    Object intLayout = c.get("int");
    Object longLayout = c.get("long");
    Object sizeLayout = c.get("size_t");
    Object address = Class.forName("java.lang.foreign.ValueLayout").getField("ADDRESS").get(null);
    Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
    Method find = lookupType.getMethod("find", String.class);
    Method describe = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
    Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());
    Object noOptions = Array.newInstance(optionType, 0);

    class Linking {
      MethodHandle handle(String name, Object result, Object... params) throws ReflectiveOperationException {
        Object symbol = ((Optional<?>) find.invoke(lookup, name))
            .orElseThrow(() -> new NoSuchMethodException("libc has no " + name));
        Object layouts = Array.newInstance(layoutType, params.length);
        for (int i = 0; i < params.length; i++) {
          Array.set(layouts, i, params[i]);
        }
        return (MethodHandle) downcall.invoke(linker, symbol, describe.invoke(null, result, layouts), noOptions);
      }
    }
    Linking l = new Linking();
    MethodHandle socket = l.handle("socket", intLayout, intLayout, intLayout, intLayout);
    MethodHandle close = l.handle("close", intLayout, intLayout);
    // size_t and ssize_t are 32 bits wide on 32-bit ARM (a Raspberry Pi OS): let the casts fit either
    MethodHandle sendto = MethodHandles.explicitCastArguments(
        l.handle("sendto", longLayout, intLayout, address, sizeLayout, intLayout, address, intLayout),
        MethodType.methodType(long.class, int.class, segmentType, long.class, int.class, segmentType, int.class));
    return new LibcDatagramTransport(arenaType, allocatorType.getMethod("allocate", long.class),
        segmentType.getMethod("ofArray", byte[].class), segmentType.getMethod("copyFrom", segmentType),
        socket, sendto, close);
  }

  @Override
  public void send(String socketPath, String message) throws IOException {
    byte[] address = sockaddrUn(socketPath);
    byte[] payload = message.getBytes(StandardCharsets.UTF_8);
    try (AutoCloseable arena = (AutoCloseable) arenaType.getMethod("ofConfined").invoke(null)) {
      Object addressSegment = nativeCopy(arena, address);
      Object payloadSegment = nativeCopy(arena, payload);
      int fd = (int) socket.invoke(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed");
      }
      try {
        long sent = (long) sendto.invoke(fd, payloadSegment, (long) payload.length, 0, addressSegment, address.length);
        if (sent != payload.length) {
          throw new IOException("sendto(" + socketPath + ") sent " + sent + " of " + payload.length
              + " bytes (is the socket there and a datagram socket?)");
        }
      } finally {
        close.invoke(fd);
      }
    } catch (IOException e) {
      throw e;
    } catch (InvocationTargetException e) {
      throw new IOException("cannot call libc to notify " + socketPath + ": " + e.getCause(), e.getCause());
    } catch (Throwable e) {
      throw new IOException("cannot call libc to notify " + socketPath + ": " + e, e);
    }
  }

  private Object nativeCopy(Object arena, byte[] bytes) throws ReflectiveOperationException {
    Object segment = allocate.invoke(arena, (long) Math.max(1, bytes.length));
    copyFrom.invoke(segment, ofArray.invoke(null, (Object) bytes));
    return segment;
  }

  /**
   * Linux's {@code struct sockaddr_un}: the family in native byte order, then the path with its
   * terminating NUL; an abstract name ({@code @name}) starts with a NUL instead and has none at the end.
   */
  static byte[] sockaddrUn(String socketPath) throws IOException {
    boolean abstractName = socketPath.startsWith("@");
    byte[] path = (abstractName ? "\0" + socketPath.substring(1) : socketPath).getBytes(StandardCharsets.UTF_8);
    int pathBytes = abstractName ? path.length : path.length + 1;
    if (pathBytes > SUN_PATH_MAX) {
      throw new IOException("NOTIFY_SOCKET " + socketPath + " is " + pathBytes + " bytes long; a unix socket path"
          + " takes at most " + SUN_PATH_MAX);
    }
    ByteBuffer b = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_UNIX).put(path);
    return b.array();
  }

  @Override
  public String describe() {
    return "sendto(2) from this process";
  }
}
