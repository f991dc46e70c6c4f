package io.masterflow.query.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Reads and checks a receiver's URL when a webhook is created; the address rule is applied again at each delivery. */
public final class ReceiverUrl {

    static final int MAX_LENGTH = 2048;

    private ReceiverUrl() {
    }

    /** The URL, if it is an absolute http(s) URL of a host whose addresses the rule allows. */
    public static URI check(String text, ReceiverAddresses addresses) {
        URI url = parse(text);
        try {
            addresses.resolve(url.getHost());
        } catch (ReceiverAddresses.Refused refused) {
            throw new InvalidReceiver(refused.getMessage());
        } catch (UnknownHostException unknown) {
            throw new InvalidReceiver("the host of the url, " + url.getHost() + ", cannot be resolved");
        }
        return url;
    }

    private static URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReceiver("'url' is required: the http or https address deliveries are POSTed to");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidReceiver("'url' must be at most " + MAX_LENGTH + " characters");
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException malformed) {
            throw new InvalidReceiver("'url' is not a valid URL: " + malformed.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidReceiver("'url' must be an http or https URL");
        }
        if (url.getHost() == null) {
            throw new InvalidReceiver("'url' must name a host");
        }
        if (url.getRawUserInfo() != null) {
            // a password in the URL would be shown to every admin listing webhooks; deliveries are signed instead
            throw new InvalidReceiver("'url' must not carry a user name or password: receivers check the signature");
        }
        if (url.getRawFragment() != null) {
            throw new InvalidReceiver("'url' must not have a fragment (#...): it is never sent");
        }
        return url;
    }
}
