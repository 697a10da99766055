package dev.flare.connector.internal;

import dev.flare.model.net.AddressPolicy;
import dev.flare.model.net.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * Refuses callbacks to addresses the {@link AddressPolicy} blocks. As an OkHttp {@link Dns} it checks every resolved
 * address, so a name cannot smuggle an internal address past the check; IP literals, which OkHttp does not resolve,
 * are checked by {@link #checkHost(String)} before the call.
 */
public final class AddressGuard implements Dns {

    private final AddressPolicy policy;
    private final Dns delegate;

    public AddressGuard(List<CidrRange> allowed) {
        this(allowed, Dns.SYSTEM);
    }

    public AddressGuard(List<CidrRange> allowed, Dns delegate) {
        this.policy = new AddressPolicy(allowed);
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> permitted = new ArrayList<>();
        for (InetAddress address : delegate.lookup(hostname)) {
            if (policy.isPermitted(address)) {
                permitted.add(address);
            }
        }
        if (permitted.isEmpty()) {
            throw new BlockedAddressException(
                    "blocked: " + hostname + " resolves only to private or reserved addresses (allow them with"
                            + " flare.connector.allowed.cidrs)");
        }
        return permitted;
    }

    /**
     * Checks a URL host before a call: an IP literal must be permitted; a name is checked when it is resolved.
     *
     * @throws BlockedAddressException when the host is a blocked IP literal
     */
    public void checkHost(String host) throws BlockedAddressException {
        if (policy.isBlockedLiteral(host)) {
            throw new BlockedAddressException("blocked: " + host
                    + " is a private or reserved address (allow it with flare.connector.allowed.cidrs)");
        }
    }

    public boolean isPermitted(InetAddress address) {
        return policy.isPermitted(address);
    }
}
