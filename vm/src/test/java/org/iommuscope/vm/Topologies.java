package org.iommuscope.vm;

import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioException;
import org.iommuscope.engine.scenario.ScenarioLoader;

/** Scenarios for the tests, as YAML text. */
public final class Topologies {
    private Topologies() {
    }

    public static Scenario load(String yaml) {
        try {
            return ScenarioLoader.loadString(yaml, "test.yaml");
        } catch (ScenarioException e) {
            throw new AssertionError(e.diagnostics().toString(), e);
        }
    }

    /** One device per line "GROUP NAME [DRIVER]", on the format's default iommu unless {@code iommu} is given. */
    public static Scenario groups(String iommu, String... devices) {
        StringBuilder sb = new StringBuilder("scenario: t\ntopology:\n");
        if (iommu != null) {
            sb.append("  iommus:\n").append(iommu.indent(4));
        }
        sb.append("  groups:\n");
        String current = null;
        for (String d : devices) {
            String[] w = d.split(" ");
            if (!w[0].equals(current)) {
                sb.append("    - id: ").append(w[0]).append("\n      devices:\n");
                current = w[0];
            }
            sb.append("        - {name: \"").append(w[1]).append("\"")
                    .append(w.length > 2 ? ", driver: " + w[2] : "").append("}\n");
        }
        return load(sb.append("steps: []\n").toString());
    }
}
