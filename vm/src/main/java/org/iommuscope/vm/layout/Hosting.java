package org.iommuscope.vm.layout;

import java.util.List;

/** Whether a scenario can run in the VM: its layout and what differs from the file, or why it cannot. */
public sealed interface Hosting {

    /** The scenario runs in {@code layout}; {@code notes} say where the VM's machine is not the file's. */
    record Hosted(VmLayout layout, List<String> notes) implements Hosting {
        public Hosted {
            notes = List.copyOf(notes);
        }
    }

    /** The VT-d VM cannot give what the scenario needs. */
    record NotHostable(List<String> reasons) implements Hosting {
        public NotHostable {
            reasons = List.copyOf(reasons);
        }
    }
}
