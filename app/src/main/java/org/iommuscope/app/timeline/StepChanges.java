package org.iommuscope.app.timeline;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.engine.Event;
import org.iommuscope.engine.Snapshot;

/** What a step changed, in lines: its events, the kernel's reason when it failed, and every divergence explained. */
public final class StepChanges {
    private StepChanges() {
    }

    public static List<String> of(Frame f) {
        List<String> lines = new ArrayList<>();
        if (f.number() == 0 && f.captioned()) {
            lines.add(f.caption());
        }
        if (f.number() > 0 && !"ok".equals(f.outcome())) {
            lines.add("✗ " + f.outcome() + (f.reason() == null || f.reason().isBlank() ? "" : ": " + f.reason()));
        }
        for (Event e : f.events()) {
            lines.add(prefix(e) + e.describe());
        }
        if (f.number() > 0 && f.events().isEmpty() && "ok".equals(f.outcome())) {
            lines.add("(no change)");
        }
        new Snapshot(f.state()).explanations().values().forEach(w -> lines.add("⚠ " + w));
        return lines;
    }

    private static String prefix(Event e) {
        if (e instanceof Event.ObjectCreated || e instanceof Event.AreaMapped || e instanceof Event.ReservedAdded
                || e instanceof Event.DeviceAttached || e instanceof Event.DomainAllocated) {
            return "+ ";
        }
        if (e instanceof Event.ObjectDestroyed || e instanceof Event.AreaUnmapped || e instanceof Event.ReservedRemoved
                || e instanceof Event.DeviceDetached || e instanceof Event.DomainFreed) {
            return "− ";
        }
        return "~ ";
    }
}
