package org.iommuscope.vm.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.scenario.CheckSpec;
import org.iommuscope.engine.scenario.ScenarioStep;
import org.iommuscope.engine.scenario.StepOutcome;
import org.iommuscope.vm.runner.RunnerLine;

/** Compares one step: what the engine answered on the imported machine with what the kernel answered. */
public final class StepComparator {
    private StepComparator() {
    }

    /** @param kernel the runner's line for the step, or null when it printed none */
    public static StepComparison compare(StepOutcome engine, RunnerLine kernel) {
        return compare(engine, kernel, null);
    }

    /**
     * @param ids the kernel's IDs differ from the engine's (the selftest mock): ID outputs are compared through this
     *            map, which learns from every step the engine ran; null: IDs must be equal
     */
    public static StepComparison compare(StepOutcome engine, RunnerLine kernel, IdMap ids) {
        ScenarioStep s = engine.step();
        int step = engine.index() + 1;
        if (s.isCaption()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.CAPTION, "", "", "");
        }
        if (s.isCheck()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.NOT_OBSERVABLE, "", "",
                    "a kernel shows none of " + String.join(", ", checkKeys(s.check())) + " (iommufd has no query for them)");
        }
        Result er = engine.engineStep() == null ? null : engine.engineStep().result();
        IdMap.Check idCheck = ids == null || er == null ? null : ids.step(er, idOutputs(er),
                kernel == null || kernel.outcome() != RunnerLine.Outcome.OK ? Map.of() : idOutputs(kernel), stdev(kernel));
        String engineText = er == null ? "not run: " + String.join("; ", engine.problems()) : OutcomeText.engine(er);
        if (kernel == null) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.DISAGREE, "no answer", engineText,
                    "the runner printed nothing for this step");
        }
        if (kernel.outcome() == RunnerLine.Outcome.SKIP) {
            return skipped(step, s, engine, er, engineText, kernel.reason());
        }
        String kernelText = OutcomeText.kernel(kernel, er == null ? Map.of() : OutcomeText.observable(er));
        if (er == null) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.DISAGREE, kernelText, engineText,
                    "the kernel ran the step; the engine could not");
        }
        if (s.op().name().equals("dma")) {
            return dma(step, s, engine, er, kernel, kernelText, engineText);
        }
        boolean outcome = er.outcome().equals(kernel.outcomeText());
        boolean same = outcome && (idCheck == null ? outputsAgree(er, kernel) : idCheck.agrees() && otherOutputsAgree(er, kernel));
        String note = "";
        if (idCheck != null && outcome && !idCheck.agrees()) {
            note = "IDs through the map: " + idCheck.problem();
        } else if (idCheck != null && same && !idCheck.mapped().isEmpty()) {
            note = "IDs through the map: " + String.join(", ", idCheck.mapped());
        } else if (kernel.viaRunner()) {
            note = "the kernel side's " + kernel.errno() + " is the runner's: the device has no VFIO cdev (it is not on vfio-pci)";
        } else if (!same && !er.ok() && er.reason() != null) {
            note = "engine: " + er.reason();
        }
        return new StepComparison(step, s.line(), engine.text(), same ? Verdict.AGREE : Verdict.DISAGREE, kernelText, engineText, note);
    }

    private static boolean outputsAgree(Result er, RunnerLine kernel) {
        Map<String, Object> want = OutcomeText.observable(er);
        Map<String, Object> got = OutcomeText.values(kernel);
        for (Map.Entry<String, Object> e : want.entrySet()) {
            if (!Objects.equals(normal(e.getValue()), normal(got.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    /** The outputs other than IDs (those go through the ID map). */
    private static boolean otherOutputsAgree(Result er, RunnerLine kernel) {
        Map<String, Object> got = OutcomeText.values(kernel);
        for (Map.Entry<String, Object> e : OutcomeText.observable(er).entrySet()) {
            if (!OutcomeText.ID_KEYS.contains(e.getKey()) && !Objects.equals(normal(e.getValue()), normal(got.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> idOutputs(Result er) {
        Map<String, Integer> out = new LinkedHashMap<>();
        er.outputs().forEach((k, v) -> {
            if (OutcomeText.ID_KEYS.contains(k) && v instanceof Integer i) {
                out.put(k, i);
            }
        });
        return out;
    }

    private static Map<String, Integer> idOutputs(RunnerLine kernel) {
        Map<String, Integer> out = new LinkedHashMap<>();
        OutcomeText.values(kernel).forEach((k, v) -> {
            if (OutcomeText.ID_KEYS.contains(k) && v instanceof Integer i) {
                out.put(k, i);
            }
        });
        return out;
    }

    /** The selftest object a mock bind's line reports. */
    private static Integer stdev(RunnerLine kernel) {
        String v = kernel == null ? null : kernel.outputs().get("stdev_id");
        try {
            return v == null ? null : Integer.parseUnsignedInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** IDs are Integer on one side and may be Long on the other. */
    private static Object normal(Object v) {
        return v instanceof Integer i ? Long.valueOf(Integer.toUnsignedLong(i)) : v;
    }

    /**
     * A DMA: ok or fault on both sides agrees (the physical address is not observable). The e1000 can only write
     * a descriptor back after reading it, so a write whose read faulted says nothing about the write.
     */
    private static StepComparison dma(int step, ScenarioStep s, StepOutcome engine, Result er, RunnerLine kernel, String kernelText,
                                      String engineText) {
        boolean kernelFault = kernel.outcome() == RunnerLine.Outcome.FAULT;
        String evidence = dmaEvidence(kernel);
        if (kernelFault && er.fault()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.AGREE, kernelText, engineText, evidence);
        }
        if (!kernelFault && kernel.outcome() == RunnerLine.Outcome.OK && er.ok()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.AGREE, kernelText, engineText,
                    evidence + "; pa is not observable");
        }
        if (kernelFault && "unknown".equals(kernel.outputs().get("access")) && er.ok()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.NOT_OBSERVABLE, kernelText, engineText,
                    "a fault was raised, but the kernel's ratelimit ate its record: whether the read or the write-back faulted is unknown");
        }
        boolean write = "write".equals(s.op().arg("access") == null ? "read" : s.op().arg("access").yaml());
        if (kernelFault && write && "read".equals(kernel.outputs().get("access")) && er.ok()) {
            return new StepComparison(step, s.line(), engine.text(), Verdict.NOT_OBSERVABLE, kernelText, engineText,
                    "the e1000 writes a descriptor back only after reading it, and that read faulted: " + evidence);
        }
        return new StepComparison(step, s.line(), engine.text(), Verdict.DISAGREE, kernelText, engineText,
                evidence + (er.reason() == null || er.reason().isEmpty() ? "" : "; engine: " + er.reason()));
    }

    private static String dmaEvidence(RunnerLine k) {
        if ("suppressed".equals(k.outputs().get("record"))) {
            return "DMAR: a fault was handled; its record was ratelimited";
        }
        if (k.outputs().containsKey("record")) {
            return "DMAR: " + k.outputs().get("record").replace('_', ' ');
        }
        if ("1".equals(k.outputs().get("dd"))) {
            return "the e1000 read its descriptor and wrote DD back";
        }
        if ("refused".equals(k.outputs().get("writeback"))) {
            return "the e1000 read its descriptor (no fault recorded); its write-back never arrived";
        }
        return "";
    }

    private static StepComparison skipped(int step, ScenarioStep s, StepOutcome engine, Result er, String engineText, String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("unbound ")) {
            String handle = r.substring("unbound ".length());
            if (er == null) {
                return new StepComparison(step, s.line(), engine.text(), Verdict.NOT_RUN, "not run", engineText,
                        "the step that binds " + handle + " failed on both sides");
            }
            return new StepComparison(step, s.line(), engine.text(), Verdict.DISAGREE, "not run: " + handle + " is not bound", engineText,
                    "the step that binds " + handle + " failed on the kernel only");
        }
        String why;
        if (r.equals("replace-unattached")) {
            why = "VFIO_DEVICE_ATTACH_IOMMUFD_PT replaces only a device VFIO has attached (vfio_iommufd_physical_attach_ioas());"
                    + " on an unattached one it attaches, so iommufd_device_replace() of an unattached device cannot be issued"
                    + " through VFIO (the selftest's MOCK_DOMAIN_REPLACE can): the runner did not issue it";
        } else if (r.startsWith("no-device-fd")) {
            why = "VFIO names a device by its open fd, and no open fd is bound as dev_id " + r.substring("no-device-fd".length()).strip()
                    + " (an earlier unbind closed it, or the ID names no device): there is no ioctl to issue";
        } else if (r.startsWith("mock-domain-failed")) {
            why = "IOMMU_TEST_OP_MOCK_DOMAIN binds and attaches in one ioctl and failed with " + r.substring("mock-domain-failed".length()).strip()
                    + ": whether the bind or the attach refused is not observable (the attach step compares the errno)";
        } else if (r.startsWith("mock-domain-unwound") && s.op().name().equals("unbind") && er != null && er.ok()) {
            why = "the failed IOMMU_TEST_OP_MOCK_DOMAIN already unbound and removed its device (iommufd_test_mock_domain()'s"
                    + " out_unbind path), which this unbind transcribes: there is nothing left to issue";
        } else if (r.equals("not-bound")) {
            why = "only a device bound to iommufd through its VFIO cdev can be made to DMA from user space";
        } else if (r.startsWith("no-verdict") || r.startsWith("e1000-did-not-fetch") || r.startsWith("no-e1000-bar")) {
            why = "the DMA gave no verdict: " + r;
        } else {
            why = "the runner could not express the step: " + r;
            return new StepComparison(step, s.line(), engine.text(), Verdict.DISAGREE, "skipped", engineText, why);
        }
        return new StepComparison(step, s.line(), engine.text(), Verdict.NOT_OBSERVABLE, "", engineText, why);
    }

    static List<String> checkKeys(CheckSpec c) {
        List<String> keys = new ArrayList<>();
        if (c.groupDomain() != null) {
            keys.add("group_domain");
        }
        if (c.diverged() != null) {
            keys.add("diverged");
        }
        if (c.implicit() != null) {
            keys.add("implicit");
        }
        if (c.recorded() != null) {
            keys.add("recorded");
        }
        if (c.attached() != null) {
            keys.add("attached");
        }
        if (c.users() != null) {
            keys.add("users");
        }
        if (c.exists() != null) {
            keys.add("exists");
        }
        if (c.gone() != null) {
            keys.add("gone");
        }
        if (c.areas() != null) {
            keys.add("areas");
        }
        return keys;
    }
}
