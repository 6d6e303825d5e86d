package org.iommuscope.app.machine;

import java.nio.file.Path;
import javafx.concurrent.Task;
import org.iommuscope.engine.scenario.ScenarioWriter;
import org.iommuscope.engine.sysfs.SysfsImport;

/** Imports a machine off the FX thread and writes it as a scenario; progress is groups read of groups found. */
public final class ImportTask extends Task<SysfsImport.Result> {
    private final Path source;
    private final Path target;

    public ImportTask(Path source, Path target) {
        this.source = source;
        this.target = target;
        updateMessage("reading " + source + "…");
    }

    @Override
    protected SysfsImport.Result call() throws Exception {
        SysfsImport.Result r = SysfsImport.read(source, (done, total) -> {
            updateProgress(done, total);
            updateMessage("iommu_group " + done + " of " + total);
        });
        updateMessage("writing " + target.getFileName() + "…");
        ScenarioWriter.write(r.scenario(), target);
        return r;
    }

    public Path target() {
        return target;
    }
}
