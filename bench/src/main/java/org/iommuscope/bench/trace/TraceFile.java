package org.iommuscope.bench.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A VMM's trace as a scenario file, as a guest with a vIOMMU in strict mode makes one: two groups attached
 * to one IOAS (they share its automatic hwpt) plus a manual hwpt in the same IOAS, then fixed-IOVA 4 KiB
 * maps of guest pages (one page of the VMM's guest-RAM mapping each, as QEMU maps them), then every other
 * one of them unmapped. Every {@link #PROBE_EVERY} ops the first device replaces
 * between the two hwpts and the second issues a DMA to the last IOVA touched: a mapped one must translate,
 * an unmapped one must fault. Every step states its outcome (an absent {@code expect} means ok), so a
 * correct run of the file passes.
 *
 * <p>{@code ops} counts op steps, the setup included: a trace of N ops has exactly N steps.
 */
public final class TraceFile {
    /** A replace and a DMA probe this often. */
    public static final int PROBE_EVERY = 4096;
    static final long FIRST_IOVA = 0x100000000L;
    static final long PAGE = 0x1000;
    /** Where the VMM's mapping of guest RAM starts; guest page n is at GUEST_RAM + n pages. */
    static final long GUEST_RAM = 0x7f0000000000L;
    private static final int SETUP_OPS = 6;

    private TraceFile() {
    }

    /** Writes a trace of {@code ops} op steps (at least 16). */
    public static void write(Path file, int ops) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            write(w, ops);
        }
    }

    public static void write(Writer w, int ops) throws IOException {
        if (ops < 16) {
            throw new IllegalArgumentException("a trace has at least 16 ops, not " + ops);
        }
        w.write("scenario: \"Trace: " + ops + " ops of a strict-mode vIOMMU guest\"\n");
        w.write("kernel: v6.15\n");
        w.write("""
                topology:
                  iommus:
                    - {name: dmar0, page_sizes: [4K, 2M, 1G], aperture: [0, 0xffffffffffff]}
                  groups:
                    - id: 11
                      devices: [{name: "0000:3b:00.0", reserved: [{start: 0xfee00000, last: 0xfeefffff, type: msi}]}]
                    - id: 12
                      devices: [{name: "0000:5e:00.0", reserved: [{start: 0xfee00000, last: 0xfeefffff, type: msi}]}]
                steps:
                  - bind: {device: "0000:3b:00.0", as: idev1}
                  - bind: {device: "0000:5e:00.0", as: idev2}
                  - ioas_alloc: {as: ioas1}
                  - attach: {dev: idev1, pt: ioas1, as: hwpt1}
                  - attach: {dev: idev2, pt: ioas1}
                    expect: {pt_id: hwpt1}
                  - hwpt_alloc: {dev: idev1, pt: ioas1, as: hwpt2}
                """);
        // Two thirds maps, one third unmaps of every other mapped page; the probes come out of both.
        int rest = ops - SETUP_OPS;
        int maps = (rest * 2 + 2) / 3;
        int done = SETUP_OPS;
        boolean onHwpt2 = false;
        long lastIova = FIRST_IOVA;
        int mapped = 0;
        int unmapped = 0;
        while (done < ops) {
            if (done % PROBE_EVERY == 0 && ops - done >= 2) {
                onHwpt2 = !onHwpt2;
                w.write("  - replace: {dev: idev1, pt: " + (onHwpt2 ? "hwpt2" : "hwpt1") + "}\n");
                boolean lastWasUnmap = unmapped > 0;
                w.write("  - dma: {dev: idev2, iova: 0x" + Long.toHexString(lastIova) + "}\n");
                if (lastWasUnmap) {
                    w.write("    expect: fault\n");
                }
                done += 2;
            } else if (mapped < maps) {
                lastIova = FIRST_IOVA + mapped * PAGE;
                w.write("  - ioas_map: {ioas: ioas1, iova: 0x" + Long.toHexString(lastIova) + ", length: 4K, user_va: 0x"
                        + Long.toHexString(GUEST_RAM + mapped * PAGE) + "}\n");
                mapped++;
                done++;
            } else {
                lastIova = FIRST_IOVA + 2L * unmapped * PAGE;
                w.write("  - ioas_unmap: {ioas: ioas1, iova: 0x" + Long.toHexString(lastIova) + ", length: 4K}\n");
                unmapped++;
                done++;
            }
        }
    }

    /** {@code TraceFile OPS FILE}: writes one trace. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TraceFile OPS FILE");
            System.exit(2);
        }
        write(Path.of(args[1]), Integer.parseInt(args[0].replace("_", "")));
    }
}
