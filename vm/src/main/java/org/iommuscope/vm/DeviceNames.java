package org.iommuscope.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSpec;
import org.iommuscope.engine.scenario.ScenarioStep;

/** A scenario's steps with its device names replaced by the VM's BDFs, for the engine's run on the VM's machine. */
final class DeviceNames {
    private DeviceNames() {
    }

    static List<ScenarioStep> mapped(List<ScenarioStep> steps, Map<String, String> bdfs) {
        List<ScenarioStep> out = new ArrayList<>(steps.size());
        for (ScenarioStep s : steps) {
            if (!s.isOp() || !(s.op().arg("device") instanceof Arg.Word w) || !bdfs.containsKey(w.value())) {
                out.add(s);
                continue;
            }
            Map<String, Arg> args = new LinkedHashMap<>(s.op().args());
            args.put("device", new Arg.Word(bdfs.get(w.value())));
            out.add(new ScenarioStep(s.line(), s.column(), new OpSpec(s.op().name(), args), s.as(), s.expect(), s.say(), s.check()));
        }
        return out;
    }
}
