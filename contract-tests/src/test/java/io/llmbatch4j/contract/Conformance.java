package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The bar of the suite: the spec accepted the request, and a stripped field is the only thing it refused. */
final class Conformance {

    private Conformance() {}

    /**
     * Sends {@code request} through the real {@code client} to the mock behind {@code gate}: the spec
     * accepted it, the client did not fail, and what was sent is returned for the caller's checks.
     */
    static Exchange chatAccepted(ChatClient client, SpecGate gate, ChatRequest request) {
        Throwable failure = catchThrowable(() -> client.chat(request).block(Clients.TIMEOUT));
        Exchange sent = gate.last();
        assertAccepted(sent);
        assertThat(failure).as("the client's outcome").isNull();
        return sent;
    }

    /** Prism found no request violation and answered 2xx. */
    static void assertAccepted(Exchange e) {
        assertThat(e.requestViolations()).as("request violations of %s", e).isEmpty();
        assertThat(e.status()).as("status of %s\nresponse: %s", e, e.responseText()).isBetween(200, 299);
        assertOnlyLagRefused(e);
    }

    /**
     * Each stripped field is one the spec really refuses (so the {@link SpecLag} entry is still
     * needed), and everything the spec refused in the unstripped body lies on the way to a stripped
     * field ({@code anyOf}/{@code type} errors of its ancestors included) — nothing else.
     */
    static void assertOnlyLagRefused(Exchange e) {
        if (e.removed().isEmpty()) {
            return;
        }
        List<Violation> refused = e.unstrippedViolations().stream().filter(Violation::onRequest).toList();
        Set<String> named = refused.stream().map(Violation::unknownProperty).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        for (SpecLag.Removed r : e.removed()) {
            assertThat(named).as("the spec no longer refuses %s: remove it from SpecLag (%s)\n%s", r.path(),
                    r.lag().why(), e).contains(r.field());
        }
        for (Violation v : refused) {
            // at the root only "found '<stripped>'" is explained; below it, in the stripped field's
            // parent and its ancestors, the oneOf/anyOf alternatives the field broke add their own noise
            boolean explained = v.part().equals("body") && (v.path().isEmpty()
                    ? e.removed().stream().anyMatch(r -> r.field().equals(v.unknownProperty())
                            && !r.path().contains("."))
                    : e.removed().stream().anyMatch(r -> r.path().startsWith(v.path() + ".")
                            || v.path().startsWith(parent(r.path()) + ".")));
            assertThat(explained).as("violation not explained by a stripped field: %s\n%s", v, e).isTrue();
        }
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
