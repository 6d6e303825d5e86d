package org.iommuscope.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A long trace written for a test, with its counts known by construction: two groups on one IOAS (hwpt1) and a
 * second hwpt (hwpt2) in it; then 4 KiB maps of consecutive pages for the first three quarters and unmaps of every
 * other one after; every 1,000th step idev1 replaces between hwpt2 and hwpt1; every 100th (at 50) an unmap of
 * a range never mapped, which the kernel refuses with ENOENT (iopt_unmap_iova_range: nothing unmapped).
 */
public record LongTraces(int steps, int maps, int unmaps, int enoent, int replaces) {
    static final int SETUP = 6;

    /**
     * The machine and the trace's first six steps: two groups, bound, on one IOAS through one automatic hwpt, and a
     * second hwpt on it; the steps after them are the caller's.
     */
    public static String header(String title) {
        return """
                    scenario: "%s"
                    kernel: v6.15
                    topology:
                      iommus:
                        - {name: dmar0, page_sizes: [4K, 2M, 1G], aperture: [0, 0xffffffffffff]}
                      groups:
                        - id: 11
                          devices: [{name: "0000:3b:00.0"}]
                        - id: 12
                          devices: [{name: "0000:5e:00.0"}]
                    steps:
                      - bind: {device: "0000:3b:00.0", as: idev1}
                      - bind: {device: "0000:5e:00.0", as: idev2}
                      - ioas_alloc: {as: ioas1}
                      - attach: {dev: idev1, pt: ioas1, as: hwpt1}
                      - attach: {dev: idev2, pt: ioas1}
                        expect: {pt_id: hwpt1}
                      - hwpt_alloc: {dev: idev1, pt: ioas1, as: hwpt2}
                    """.formatted(title);
    }

    static LongTraces write(Path file, int steps) throws IOException {
        int maps = 0;
        int unmaps = 0;
        int enoent = 0;
        int replaces = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header("A long test trace"));
            // Three quarters maps: the unmaps (every other page) never reach a page that was not mapped.
            int mapSteps = (steps - SETUP) * 3 / 4;
            for (int i = SETUP; i < steps; i++) {
                if (i % 1000 == 0) {
                    replaces++;
                    w.write("  - replace: {dev: idev1, pt: " + (replaces % 2 == 1 ? "hwpt2" : "hwpt1") + "}\n");
                } else if (i % 100 == 50) {
                    enoent++;
                    w.write("  - ioas_unmap: {ioas: ioas1, iova: 0x800000000000, length: 4K}\n    expect: ENOENT\n");
                } else if (i - SETUP < mapSteps) {
                    w.write("  - ioas_map: {ioas: ioas1, iova: 0x" + Long.toHexString(0x100000000L + maps * 0x1000L)
                            + ", length: 4K, user_va: 0x" + Long.toHexString(0x7f0000000000L + maps * 0x1000L) + "}\n");
                    maps++;
                } else {
                    w.write("  - ioas_unmap: {ioas: ioas1, iova: 0x" + Long.toHexString(0x100000000L + 2L * unmaps * 0x1000L)
                            + ", length: 4K}\n");
                    unmaps++;
                }
            }
        }
        return new LongTraces(steps, maps, unmaps, enoent, replaces);
    }
}
