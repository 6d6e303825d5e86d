package org.iommuscope.app.shell;

import java.util.List;
import java.util.stream.Collectors;
import org.iommuscope.app.explore.ExploreWindow;
import org.iommuscope.app.timeline.ScenarioFrames;
import org.iommuscope.app.window.MainWindow;
import org.iommuscope.engine.hw.Topology;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.scenario.Scenario;
import org.iommuscope.engine.scenario.ScenarioRun;
import org.iommuscope.engine.scenario.ScenarioRunner;
import org.iommuscope.engine.sysfs.SysfsImport;

/**
 * View → Explore…: a machine in GraphStream's force layout, one Explore window at a time, and the groups
 * chosen there opened on the main canvas as a scenario of their own.
 */
final class ExploreFlow {
    private final Shell shell;
    private ExploreWindow window;

    ExploreFlow(Shell shell) {
        this.shell = shell;
    }

    /** The machine of the scenario shown. */
    void openCurrent() {
        MainWindow w = shell.window();
        if (w != null) {
            open(w.model().title(), w.stepper().frames().get(0).state().topology());
        }
    }

    void open(String machineTitle, Topology machine) {
        close();
        window = new ExploreWindow(shell.stage(), machineTitle, machine, (groups, selected) -> openGroups(machineTitle, groups, selected));
        window.show();
    }

    /** Explore's "open in main canvas": the chosen groups as a scenario of their own, the selection selected. */
    private void openGroups(String machineTitle, List<Integer> groups, List<String> selected) {
        if (!shell.mayDrop("opening the groups from Explore")) {
            return;
        }
        Topology part = window.view().model().subTopology(groups);
        String which = groups.size() == 1 ? "group " + groups.get(0)
                : "groups " + groups.stream().map(String::valueOf).collect(Collectors.joining(", "));
        List<String> notViable = part.groups().stream().filter(g -> !g.viable()).map(SysfsImport::nonViableText).toList();
        String description = "The " + which + " of " + machineTitle + ", taken out in Explore for what-ifs."
                + (notViable.isEmpty() ? "" : " Not viable: " + String.join("; ", notViable) + ".");
        Scenario s = new Scenario(machineTitle, machineTitle + ": " + which, description, Profile.V6_15, part, List.of());
        ScenarioRun run = ScenarioRunner.run(s, null);
        shell.show(null, new ScenarioFrames.Loaded(s.title(), run.profile().key(), ScenarioFrames.frames(run), s));
        MainWindow w = shell.window();
        selected.stream().filter(id -> w.canvas().nodeFor(id) != null).findFirst().ifPresent(w.canvas()::select);
        shell.stage().toFront();
    }

    ExploreWindow window() {
        return window;
    }

    /** Closes the window and stops GraphStream's threads (its layout thread would keep the JVM alive). */
    void close() {
        if (window != null) {
            window.close();
        }
    }
}
