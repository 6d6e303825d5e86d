package org.iommuscope.app.whatif;

import java.nio.file.Path;
import java.util.Map;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.ScenarioLoader;

/**
 * A what-if session in a process of its own, for the kill test: it clicks ops for ever (ioas_alloc, then
 * destroy of the IOAS it made), and after each one, once the journal is written, prints how many it recorded.
 */
public final class JournalChild {
    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        Session s = new Session(ScenarioLoader.load(Path.of("scenarios", "seed-thread.yaml")), Journal.create(Path.of(args[0])));
        s.view(s.tree().branch().steps().size());
        for (int n = 1; ; n++) {
            if (n % 2 == 1) {
                s.apply(new OpSpec("ioas_alloc", Map.of()));
            } else {
                s.apply(new OpSpec("destroy", Map.of("id", s.ref(7))));
            }
            System.out.println("recorded " + n);
            System.out.flush();
        }
    }
}
