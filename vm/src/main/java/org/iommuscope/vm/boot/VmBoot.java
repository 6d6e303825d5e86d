package org.iommuscope.vm.boot;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iommuscope.vm.VmException;
import org.iommuscope.vm.layout.VmLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots a kernel in {@code qemu-system-x86_64} under TCG (no KVM needed) on the q35 machine with an emulated
 * Intel VT-d (interrupt remapping on) and the layout's PCI functions, runs the jobs through /init, and returns
 * what the VM reported. Oracle lab pitfalls it avoids: q35's default NIC and VGA are off ({@code -nic none
 * -vga none}), and the kernel's console lines cannot interleave with results, which come on a second serial
 * port.
 */
public final class VmBoot {
    private static final Logger LOG = LoggerFactory.getLogger(VmBoot.class);
    static final String QEMU = "qemu-system-x86_64";
    /**
     * no_timer_check: under TCG on a loaded host the kernel's check that the timer interrupt arrives through the
     * remapped IO-APIC can time out and panic ("timer doesn't work through Interrupt-remapped IO-APIC").
     */
    static final String APPEND = "console=ttyS0 panic=-1 intel_iommu=on no_timer_check";
    /**
     * The selftest mock's boot: with VT-d active the mock iommu never gets its devices (__iommu_probe_device() takes
     * iommu_fwspec_ops(NULL), the first unit with no fwnode: dmar0), so no VT-d at all.
     */
    static final String APPEND_MOCK = "console=ttyS0 panic=-1 intel_iommu=off no_timer_check";

    /** One scenario's files for the runner. */
    public record Job(String drivers, String steps) {
    }

    /**
     * @param wallSeconds host time from QEMU's start to its exit
     * @param console     the kernel's console (its log up to /init, then emergencies only)
     */
    public record Result(VmOutput output, double wallSeconds, String qemuMessages, String console) {
    }

    private VmBoot() {
    }

    public static Result boot(Path kernel, VmLayout layout, List<Job> jobs, Path runner, Duration timeout) throws VmException {
        String qemu = qemu();
        Path busybox = StaticBusybox.find();
        if (!Files.isRegularFile(kernel)) {
            throw new VmException("no kernel image at " + kernel + " (--kernel or IOMMUSCOPE_KERNEL: a bzImage; README: Check against a real kernel)");
        }
        Path work;
        try {
            work = Files.createTempDirectory("iommuscope-vm");
            Initramfs initramfs = new Initramfs();
            for (String d : List.of("dev", "proc", "sys", "tmp", "lab", "root", "etc")) {
                initramfs.directory(d);
            }
            initramfs.file("bin/busybox", Files.readAllBytes(busybox), true);
            initramfs.symlink("bin/sh", "busybox");
            initramfs.file(InitScript.RUNNER, Files.readAllBytes(runner), true);
            initramfs.file("init", InitScript.text(jobs.size()), true);
            for (int i = 0; i < jobs.size(); i++) {
                initramfs.file(InitScript.drivers(i + 1), jobs.get(i).drivers(), false);
                initramfs.file(InitScript.steps(i + 1), jobs.get(i).steps(), false);
            }
            initramfs.write(work.resolve("initramfs.cpio.gz"));
        } catch (IOException e) {
            throw new VmException("cannot write the VM's initramfs: " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(List.of(qemu, "-machine", "q35", "-accel", "tcg", "-smp", "1", "-m", "512M"));
        cmd.addAll(layout.qemuArgs());
        cmd.addAll(List.of("-nic", "none", "-vga", "none", "-display", "none", "-monitor", "none", "-no-reboot",
                "-serial", "file:" + work.resolve("console.log"), "-serial", "file:" + work.resolve("data.txt"),
                "-kernel", kernel.toAbsolutePath().toString(), "-initrd", work.resolve("initramfs.cpio.gz").toString(),
                "-append", layout.selftestMock() ? APPEND_MOCK : APPEND));
        LOG.debug("qemu: {}", String.join(" ", cmd));
        // A boot that never reached /init (a TCG hiccup on a loaded host) is tried once more.
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            boolean exited = run(cmd, work, timeout);
            double wall = (System.nanoTime() - t0) / 1e9;
            VmOutput out = VmOutput.parse(read(work.resolve("data.txt")));
            String qemuLog = read(work.resolve("qemu.log"));
            if (exited && out.done()) {
                String console = read(work.resolve("console.log"));
                deleteTree(work);
                return new Result(out, wall, qemuLog, console);
            }
            String console = tail(work.resolve("console.log"), 25);
            if (attempt == 1 && out.release() == null) {
                LOG.warn("the VM did not reach /init; booting it again. Its console ended:\n{}", console);
                continue;
            }
            throw new VmException((exited ? "the VM stopped before its run finished" : "the VM did not finish in " + timeout.toSeconds() + " s")
                    + " (files kept in " + work + ")\n--- last console lines:\n" + console
                    + (qemuLog.isBlank() ? "" : "\n--- qemu:\n" + qemuLog.strip()));
        }
    }

    /** One QEMU process; false when it had to be killed at the timeout. */
    private static boolean run(List<String> cmd, Path work, Duration timeout) throws VmException {
        Process p;
        try {
            Files.writeString(work.resolve("qemu.cmd"), String.join(" ", cmd) + "\n");
            Files.deleteIfExists(work.resolve("data.txt"));
            Files.deleteIfExists(work.resolve("console.log"));
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("qemu.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new VmException("cannot start " + cmd.get(0) + ": " + e.getMessage());
        }
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while the VM ran (its files: " + work + ")");
        }
    }

    private static String qemu() throws VmException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, QEMU))) {
                    return QEMU;
                }
            }
        }
        throw new VmException("no " + QEMU + " on the PATH (Debian/Ubuntu: apt-get install qemu-system-x86)");
    }

    /** The work directory goes once the run is done; a failed run keeps it, and its message names it. */
    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("could not remove {}", dir, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - 8192);
            f.seek(from);
            byte[] b = new byte[(int) (f.length() - from)];
            f.readFully(b);
            String[] all = new String(b, StandardCharsets.ISO_8859_1).replace("\r", "").split("\n");
            return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(no console output)";
        }
    }
}
