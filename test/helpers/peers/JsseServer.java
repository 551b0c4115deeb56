// A Java JSSE server for the probe tests (SSLServerSocket, setNeedClientAuth / setWantClientAuth),
// run by Debian's JDK: one process, one loopback listener per line of the configuration file, each
// answering HTTP/1.1 200 after the handshake.
//
// Configuration lines: name cert=FILE key=FILE [ca=FILE] auth=require|optional|none min=1.0..1.3 max=1.0..1.3
// On start it prints "name port" per listener, then "ready". TLS 1.0/1.1 also need
// jdk.tls.disabledAlgorithms relaxed: the tests pass -Djava.security.properties=FILE.
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class JsseServer {
  private static final String[] VERSIONS = {"1.0", "1.1", "1.2", "1.3"};
  private static final String[] PROTOCOLS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static int versionIndex(String version) {
    for (int i = 0; i < VERSIONS.length; i++) if (VERSIONS[i].equals(version)) return i;
    throw new IllegalArgumentException("bad TLS version " + version);
  }

  private static List<Certificate> certificates(String file) throws Exception {
    try (InputStream in = new FileInputStream(file)) {
      return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  private static PrivateKey privateKey(String file) throws Exception {
    String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    try {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    } catch (Exception notEc) {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    }
  }

  private static SSLServerSocket listener(String line) throws Exception {
    String[] fields = line.trim().split("\\s+");
    Map<String, String> options = new HashMap<>();
    options.put("auth", "require");
    options.put("min", "1.2");
    options.put("max", "1.3");
    for (int i = 1; i < fields.length; i++) {
      int equals = fields[i].indexOf('=');
      options.put(fields[i].substring(0, equals), fields[i].substring(equals + 1));
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    List<Certificate> chain = certificates(options.get("cert"));
    keys.setKeyEntry(
        "server", privateKey(options.get("key")), PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    if (options.containsKey("ca")) {
      int n = 0;
      for (Certificate ca : certificates(options.get("ca"))) trust.setCertificateEntry("ca" + n++, ca);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLServerSocket server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    int min = versionIndex(options.get("min"));
    int max = versionIndex(options.get("max"));
    String[] enabled = new String[max - min + 1];
    for (int i = min; i <= max; i++) enabled[i - min] = PROTOCOLS[i];
    server.setEnabledProtocols(enabled);
    switch (options.get("auth")) {
      case "require":
        server.setNeedClientAuth(true);
        break;
      case "optional":
        server.setWantClientAuth(true);
        break;
      case "none":
        break;
      default:
        throw new IllegalArgumentException("bad auth " + options.get("auth"));
    }
    System.out.println(fields[0] + " " + server.getLocalPort());
    return server;
  }

  private static void serve(Socket socket) {
    try (SSLSocket tls = (SSLSocket) socket) {
      tls.setSoTimeout(10_000);
      tls.startHandshake();
      InputStream in = tls.getInputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      while (!request.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) return;
        request.write(b);
      }
      byte[] body = "{\"ok\":true,\"server\":\"jsse\"}".getBytes(StandardCharsets.US_ASCII);
      OutputStream out = tls.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (Exception refused) {
      // The handshake failed: JSSE has already sent its alert.
    }
  }

  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.isBlank()) continue;
      SSLServerSocket server = listener(line);
      Thread acceptor =
          new Thread(
              () -> {
                while (true) {
                  try {
                    Socket socket = server.accept();
                    Thread worker = new Thread(() -> serve(socket));
                    worker.setDaemon(true);
                    worker.start();
                  } catch (Exception closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }
    System.out.println("ready");
    System.out.flush();
    // Stop when the test process goes away (stdin closes), whatever else happens.
    while (System.in.read() >= 0) {}
    System.exit(0);
  }
}
