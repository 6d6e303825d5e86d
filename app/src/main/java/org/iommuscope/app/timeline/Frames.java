package org.iommuscope.app.timeline;

import java.util.ArrayList;
import java.util.List;
import org.iommuscope.app.graph.GraphProjection;
import org.iommuscope.engine.Kernel;
import org.iommuscope.engine.Op;
import org.iommuscope.engine.State;
import org.iommuscope.engine.Step;

/** Builds timeline frames: frame 0 is the machine at boot, frame i the state after step i. */
public final class Frames {
    private Frames() {
    }

    public static Frame initial(State boot, String caption) {
        return new Frame(0, "", "ok", "", true, caption, List.of(), boot, GraphProjection.of(boot), 0);
    }

    public static Frame of(int number, String opText, Step step, boolean passed, String caption, int line) {
        return new Frame(number, opText, step.result().outcome(), step.result().reason(), passed, caption,
                step.result().events(), step.after(), GraphProjection.of(step.after()), line);
    }

    /** Replays ops from a boot state (no expectations: every step counts as passed). */
    public static List<Frame> replay(State boot, List<Op> ops) {
        List<Frame> frames = new ArrayList<>();
        frames.add(initial(boot, ""));
        State s = boot;
        int n = 1;
        for (Op op : ops) {
            Step st = Kernel.apply(s, op);
            frames.add(of(n++, OpText.of(op), st, true, "", 0));
            s = st.after();
        }
        return frames;
    }
}
