package io.llmbatch4j.contract;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The specs' {@code check-compiles.js} run on a served document: it compiles every request body
 * schema with Prism's own Ajv options. Prism skips validation of a body whose schema does not
 * compile (every body then passes), so a failure here must stop the suite. Run once per spec.
 */
record CompileCheck(Spec spec, int operations, int compiled, int failed, String output) {

    private static final Pattern SUMMARY =
            Pattern.compile("ops (\\d+) request bodies compiled OK (\\d+) failed (\\d+)");
    private static final Map<Spec, CompileCheck> DONE = new EnumMap<>(Spec.class);

    static CompileCheck of(Spec spec) {
        synchronized (DONE) {
            return DONE.computeIfAbsent(spec, CompileCheck::run);
        }
    }

    boolean passed() {
        return failed == 0 && compiled > 0;
    }

    String describe() {
        return spec + " (" + spec.served().getFileName() + "): " + compiled + " request bodies compiled, " + failed
                + " failed\n" + output;
    }

    private static CompileCheck run(Spec spec) {
        Node.Result r = Node.script(ContractPaths.specs().resolve("check-compiles.js"), Duration.ofMinutes(3),
                spec.served().toString());
        Matcher m = SUMMARY.matcher(r.output());
        if (r.exitCode() != 0 || !m.find()) {
            return new CompileCheck(spec, 0, 0, -1, "check-compiles.js exited " + r.exitCode() + ":\n" + r.output());
        }
        return new CompileCheck(spec, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), r.output());
    }
}
