package dev.toolgate.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Lets this JVM resolve cluster names ({@code *.cluster.local}) the way a pod does: by asking the
 * node's cluster DNS (the kube-dns Service, CoreDNS), over kube-proxy. Every other name goes to the
 * JVM's own resolver. So the tests' MCP client uses the gateway's Service name, as an agent in the
 * cluster would.
 */
public final class ClusterDns extends InetAddressResolverProvider {

  static final String DOMAIN = ".cluster.local";
  static final String DNS_SERVICE = "10.96.0.10";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        if (!host.toLowerCase(java.util.Locale.ROOT).endsWith(DOMAIN)) {
          return builtin.lookupByName(host, policy);
        }
        return lookup(host).stream();
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "toolgate-cluster-dns";
  }

  static List<InetAddress> lookup(String host) throws UnknownHostException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("java.naming.provider.url", "dns://" + DNS_SERVICE);
    env.put("com.sun.jndi.dns.timeout.initial", "1000");
    env.put("com.sun.jndi.dns.timeout.retries", "3");
    try {
      InitialDirContext dns = new InitialDirContext(env);
      try {
        Attribute a = dns.getAttributes(host, new String[] {"A"}).get("A");
        if (a == null || a.size() == 0) {
          throw new UnknownHostException(host + ": no A record in cluster DNS");
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          addresses.add(InetAddress.getByAddress(host, toBytes((String) a.get(i))));
        }
        return addresses;
      } finally {
        dns.close();
      }
    } catch (NamingException e) {
      UnknownHostException unknown = new UnknownHostException(host + ": " + e.getMessage());
      unknown.initCause(e);
      throw unknown;
    }
  }

  private static byte[] toBytes(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }
}
