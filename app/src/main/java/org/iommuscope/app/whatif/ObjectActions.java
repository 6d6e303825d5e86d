package org.iommuscope.app.whatif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iommuscope.app.dialog.FormField;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.iommufd.Viommu;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSignature;
import org.iommuscope.engine.scenario.OpSpec;

/**
 * The ops that apply to each object, built from the state at the viewed step: exactly what its right-click
 * menu offers. An op that takes another object lists the candidates, each marked with what the kernel would
 * answer (probed, nothing committed), so a refusal is visible before the click. Ops that need values ask for
 * them through the dialog service.
 */
final class ObjectActions {
    private final WhatIf whatIf;

    ObjectActions(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    private Session session() {
        return whatIf.session();
    }

    /** The actions on one object; empty when none applies. */
    List<ObjectAction> of(NodeId node) {
        State s = session().runner().state();
        List<ObjectAction> out = new ArrayList<>();
        switch (node.kind()) {
            case DEVICE -> device(out, s, node.name());
            case IDEV -> idev(out, s, node.number());
            case IOAS -> ioas(out, node.number());
            case HWPT_PAGING, HWPT_NESTED -> hwpt(out, s, node.number());
            case GROUP -> {
                int group = (int) node.number();
                out.add(item("menu-add-device-to-group", "Add device to iommu_group " + group + "…", () -> addDeviceTo(group)));
            }
            case VIOMMU -> viommu(out, node.number());
            case FAULT, VEVENTQ -> {
                out.add(probed("menu-close", "Close its file descriptor", spec("close", "id", ref(node.number()))));
                out.add(probed("menu-destroy", "Destroy", spec("destroy", "id", ref(node.number()))));
            }
            case VDEVICE, HW_QUEUE, ACCESS -> out.add(probed("menu-destroy", "Destroy", spec("destroy", "id", ref(node.number()))));
            case CORE_DOMAIN -> {
                // A core domain is the kernel's own: nothing to click on it.
            }
        }
        return out;
    }

    /** The canvas background: a new IOAS, or a new device (in a group of its own) for the machine. */
    List<ObjectAction> canvas() {
        return List.of(item("menu-ioas-alloc", "New IOAS", () -> op("ioas_alloc")),
                item("menu-fault-alloc", "New fault queue", () -> op("fault_alloc")),
                item("menu-add-device", "Add device in a new group…", this::addDevice));
    }

    private void device(List<ObjectAction> out, State s, String name) {
        Integer idev = s.boundDevices().get(name);
        if (idev == null) {
            out.add(item("menu-bind", "Bind", () -> run(spec("bind", "device", new Arg.Word(name)))));
        } else {
            out.add(item("menu-unbind", "Unbind (idev " + idev + ")", () -> run(spec("unbind", "dev", ref(idev)))));
        }
        out.add(item("menu-dma", "DMA probe at IOVA…", () -> dma("device", new Arg.Word(name))));
    }

    private void idev(List<ObjectAction> out, State s, long idev) {
        if (!(s.object(idev) instanceof Idev)) {
            return;
        }
        List<ObjectAction.Item> attach = new ArrayList<>();
        List<ObjectAction.Item> replace = new ArrayList<>();
        List<ObjectAction.Item> alloc = new ArrayList<>();
        List<ObjectAction.Item> allocParent = new ArrayList<>();
        List<ObjectAction.Item> allocPasid = new ArrayList<>();
        List<ObjectAction.Item> viommu = new ArrayList<>();
        List<ObjectAction.Item> vdevice = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof HwptPaging p && p.nestParent()) {
                viommu.add(probed("menu-viommu-alloc-hwpt-" + o.id(), "hwpt " + o.id(), spec("viommu_alloc", "dev", ref(idev), "hwpt", ref(o.id()))));
            }
            if (o instanceof Viommu) {
                vdevice.add(item("menu-vdevice-alloc-viommu-" + o.id(), "viommu " + o.id() + "…", () -> vdevice(o.id(), idev)));
            }
            if (o instanceof Ioas || o instanceof HwptPaging || o instanceof HwptNested) {
                String target = o instanceof Ioas ? "ioas " + o.id() : "hwpt " + o.id();
                targets.add(target);
                attach.add(probed("menu-attach-" + target.replace(' ', '-'), target, spec("attach", "dev", ref(idev), "pt", ref(o.id()))));
                replace.add(probed("menu-replace-" + target.replace(' ', '-'), target, spec("replace", "dev", ref(idev), "pt", ref(o.id()))));
            }
            if (o instanceof Ioas) {
                alloc.add(probed("menu-hwpt-alloc-ioas-" + o.id(), "ioas " + o.id(), spec("hwpt_alloc", "dev", ref(idev), "pt", ref(o.id()))));
                allocParent.add(probed("menu-hwpt-alloc-parent-ioas-" + o.id(), "ioas " + o.id(),
                        spec("hwpt_alloc", "dev", ref(idev), "pt", ref(o.id()), "flags", new Arg.Words(List.of("nest_parent")))));
                allocPasid.add(probed("menu-hwpt-alloc-pasid-ioas-" + o.id(), "ioas " + o.id(),
                        spec("hwpt_alloc", "dev", ref(idev), "pt", ref(o.id()), "flags", new Arg.Words(List.of("pasid")))));
            }
        }
        List<ObjectAction.Item> detachPasid = new ArrayList<>();
        for (int pasid : ((Idev) s.object(idev)).vfioPasids()) {
            detachPasid.add(probed("menu-detach-pasid-" + pasid, "pasid " + pasid, spec("detach", "dev", ref(idev), "pasid", num(pasid))));
        }
        out.add(new ObjectAction.Choices("menu-attach", "Attach to", attach));
        out.add(new ObjectAction.Choices("menu-replace", "Replace with", replace));
        out.add(probed("menu-detach", "Detach", spec("detach", "dev", ref(idev))));
        out.add(item("menu-attach-pasid", "Attach PASID…", () -> attachPasid(idev, targets)));
        out.add(new ObjectAction.Choices("menu-detach-pasid", "Detach PASID", detachPasid));
        out.add(new ObjectAction.Separator());
        out.add(new ObjectAction.Choices("menu-hwpt-alloc", "hwpt_alloc in", alloc));
        out.add(new ObjectAction.Choices("menu-hwpt-alloc-parent", "hwpt_alloc (nest_parent) in", allocParent));
        out.add(new ObjectAction.Choices("menu-hwpt-alloc-pasid", "hwpt_alloc (pasid) in", allocPasid));
        out.add(new ObjectAction.Choices("menu-viommu-alloc", "vIOMMU on nesting parent", viommu));
        out.add(new ObjectAction.Choices("menu-vdevice-alloc", "vDEVICE in", vdevice));
        out.add(probed("menu-hw-info", "hw_info", spec("hw_info", "dev", ref(idev))));
        out.add(new ObjectAction.Separator());
        out.add(item("menu-dma", "DMA probe at IOVA…", () -> dma("dev", ref(idev))));
        out.add(probed("menu-unbind", "Unbind", spec("unbind", "dev", ref(idev))));
    }

    private void ioas(List<ObjectAction> out, long ioas) {
        out.addAll(List.of(
                item("menu-map", "Map…", () -> map(ioas)),
                item("menu-unmap", "Unmap…", () -> unmap(ioas)),
                probed("menu-unmap-all", "Unmap all", spec("ioas_unmap", "ioas", ref(ioas), "all", new Arg.Flag(true))),
                item("menu-copy", "Copy…", () -> copy(ioas)),
                new ObjectAction.Separator(),
                item("menu-allow-iovas", "Allow IOVAs…", () -> allowIovas(ioas)),
                item("menu-add-reserved", "Add reserved…", () -> addReserved(ioas)),
                new ObjectAction.Separator(),
                probed("menu-destroy", "Destroy", spec("destroy", "id", ref(ioas)))));
    }

    private void hwpt(List<ObjectAction> out, State s, long hwpt) {
        List<ObjectAction.Item> nested = new ArrayList<>();
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Idev) {
                nested.add(probed("menu-alloc-nested-idev-" + o.id(), "idev " + o.id(), spec("hwpt_alloc", "dev", ref(o.id()), "pt", ref(hwpt))));
            }
        }
        out.add(probed("menu-destroy", "Destroy", spec("destroy", "id", ref(hwpt))));
        out.add(new ObjectAction.Choices("menu-alloc-nested", "Allocate nested for", nested));
        if (s.object(hwpt) instanceof HwptPaging p) {
            out.add(new ObjectAction.Separator());
            boolean on = p.dirtyTracking();
            out.add(probed("menu-dirty-tracking", on ? "Stop dirty tracking" : "Start dirty tracking",
                    spec("set_dirty_tracking", "hwpt", ref(hwpt), "enable", new Arg.Flag(!on))));
            out.add(item("menu-dirty-bitmap", "Read dirty bitmap…", () -> dirtyBitmap(hwpt)));
        }
    }

    private void viommu(List<ObjectAction> out, long viommu) {
        out.add(item("menu-veventq-alloc", "vEVENTQ…", () -> form("veventq_alloc", "An event queue on viommu " + viommu,
                List.of(FormField.text("depth", "depth (events)", "64", "")),
                v -> spec("veventq_alloc", "viommu", ref(viommu), "depth", OpValues.number("depth", v.get("depth"))))));
        out.add(probed("menu-destroy", "Destroy", spec("destroy", "id", ref(viommu))));
    }

    // ---- ops that need values ----------------------------------------------------------------------

    private void map(long ioas) {
        form("ioas_map", "Map into ioas " + ioas, List.of(
                FormField.text("iova", "IOVA", "", "automatic"),
                FormField.text("length", "length", "2M", ""),
                FormField.choice("perm", "permissions", OpSignature.PERMS)), v -> {
            Map<String, Arg> args = new LinkedHashMap<>();
            args.put("ioas", ref(ioas));
            if (!v.get("iova").isEmpty()) {
                args.put("iova", OpValues.number("IOVA", v.get("iova")));
            }
            args.put("length", OpValues.number("length", v.get("length")));
            args.put("perm", new Arg.Word(v.get("perm")));
            return new OpSpec("ioas_map", args);
        });
    }

    private void unmap(long ioas) {
        form("ioas_unmap", "Unmap from ioas " + ioas, List.of(
                FormField.text("iova", "IOVA", "", "0x100000000"),
                FormField.text("length", "length", "2M", "")), v -> spec("ioas_unmap", "ioas", ref(ioas),
                "iova", OpValues.number("IOVA", v.get("iova")), "length", OpValues.number("length", v.get("length"))));
    }

    private void copy(long ioas) {
        List<String> others = session().runner().state().objects().values().stream()
                .filter(o -> o instanceof Ioas).map(o -> Integer.toString(o.id())).toList();
        form("ioas_copy", "Copy from ioas " + ioas, List.of(
                FormField.text("src_iova", "source IOVA", "", "0x100000000"),
                FormField.text("length", "length", "2M", ""),
                FormField.choice("dst", "to ioas", others),
                FormField.text("dst_iova", "destination IOVA", "", "automatic"),
                FormField.choice("perm", "permissions", OpSignature.PERMS)), v -> {
            Map<String, Arg> args = new LinkedHashMap<>();
            args.put("src", ref(ioas));
            args.put("src_iova", OpValues.number("source IOVA", v.get("src_iova")));
            args.put("length", OpValues.number("length", v.get("length")));
            args.put("dst", ref(Long.parseLong(v.get("dst"))));
            if (!v.get("dst_iova").isEmpty()) {
                args.put("dst_iova", OpValues.number("destination IOVA", v.get("dst_iova")));
            }
            args.put("perm", new Arg.Word(v.get("perm")));
            return new OpSpec("ioas_copy", args);
        });
    }

    private void allowIovas(long ioas) {
        form("ioas_allow_iovas", "Allowed IOVAs of ioas " + ioas, List.of(
                FormField.text("ranges", "ranges (first-last, …)", "0x100000000-0x1ffffffff", "")),
                v -> spec("ioas_allow_iovas", "ioas", ref(ioas), "ranges", OpValues.ranges("ranges", v.get("ranges"))));
    }

    private void addReserved(long ioas) {
        form("add_reserved", "Reserve IOVAs in ioas " + ioas, List.of(
                FormField.text("start", "start", "0xfee00000", ""),
                FormField.text("length", "length", "1M", "")), v -> spec("add_reserved", "ioas", ref(ioas),
                "start", OpValues.number("start", v.get("start")), "length", OpValues.number("length", v.get("length"))));
    }

    /** VFIO_DEVICE_ATTACH_PASID: attach (or replace, when that PASID is attached) at a PASID the user types. */
    private void attachPasid(long idev, List<String> targets) {
        if (targets.isEmpty()) {
            whatIf.report("attach not run", "there is no IOAS or hwpt to attach to");
            return;
        }
        form("attach", "Attach idev " + idev + " at a PASID", List.of(
                FormField.text("pasid", "PASID", "1", "1 to the device's PASID width"),
                FormField.choice("pt", "to", targets)), v -> spec("attach", "dev", ref(idev),
                "pt", ref(Long.parseLong(v.get("pt").substring(v.get("pt").indexOf(' ') + 1))), "pasid", OpValues.number("PASID", v.get("pasid"))));
    }

    private void vdevice(long viommu, long idev) {
        form("vdevice_alloc", "idev " + idev + " as a device of viommu " + viommu + "'s guest", List.of(
                FormField.text("virt_id", "virtual ID (e.g. the guest's stream ID)", "0x10", "")),
                v -> spec("vdevice_alloc", "viommu", ref(viommu), "dev", ref(idev), "virt_id", OpValues.number("virtual ID", v.get("virt_id"))));
    }

    private void dirtyBitmap(long hwpt) {
        form("get_dirty_bitmap", "Read (and clear) the dirty bits of hwpt " + hwpt, List.of(
                FormField.text("iova", "IOVA", "", "0x100000000"),
                FormField.text("length", "length", "2M", ""),
                FormField.choice("no_clear", "clear what is read", List.of("clear", "keep (NO_CLEAR)"))), v -> {
            Map<String, Arg> args = new LinkedHashMap<>();
            args.put("hwpt", ref(hwpt));
            args.put("iova", OpValues.number("IOVA", v.get("iova")));
            args.put("length", OpValues.number("length", v.get("length")));
            if (!"clear".equals(v.get("no_clear"))) {
                args.put("no_clear", new Arg.Flag(true));
            }
            return new OpSpec("get_dirty_bitmap", args);
        });
    }

    private void dma(String key, Arg who) {
        form("dma", "DMA probe", List.of(
                FormField.text("iova", "IOVA", "", "0x100000000"),
                FormField.choice("access", "access", OpSignature.ACCESSES)),
                v -> spec("dma", key, who, "iova", OpValues.number("IOVA", v.get("iova")), "access", new Arg.Word(v.get("access"))));
    }

    private void addDevice() {
        int group = session().nextGroupId();
        Optional<Map<String, String>> v = whatIf.dialogs().askForm("Add a device", "A vfio-pci device in a new iommu_group",
                List.of(FormField.text("group", "iommu_group", Integer.toString(group), ""),
                        FormField.text("name", "device name", String.format("0000:%02x:00.0", group & 0xff), "")));
        v.ifPresent(values -> whatIf.addGroup(values.get("group"), values.get("name")));
    }

    /**
     * A device joins an existing group (from boot): its PCI address, its driver (anything but vfio-pci is a
     * kernel driver holding DMA, which makes the group not viable for vfio) and its siblings' MSI window.
     */
    private void addDeviceTo(int group) {
        var g = session().tree().topology().group(group);
        if (g.isEmpty()) {
            return;
        }
        List<org.iommuscope.engine.hw.ReservedRegion> msi = TopologyEdit.siblingMsi(g.get());
        List<String> msiChoices = msi.isEmpty() ? List.of("none")
                : List.of(msi.stream().map(r -> String.format("0x%x-0x%x (%s)", r.start(), r.last(), r.type().yamlName()))
                        .reduce((a, b) -> a + ", " + b).orElseThrow(), "none");
        whatIf.dialogs().askForm("Add a device", "A device in iommu_group " + group + ", present from boot",
                List.of(FormField.text("bdf", "PCI address", session().nextBdf(group), "DDDD:BB:DD.F"),
                        FormField.text("driver", "driver", org.iommuscope.engine.hw.PciDevice.VFIO_PCI, "vfio-pci or a kernel driver"),
                        FormField.choice("msi", "reserved (like its siblings)", msiChoices)))
                .ifPresent(v -> whatIf.addDevice(group, v.get("bdf"), v.get("driver"), !"none".equals(v.get("msi"))));
    }

    private interface Build {
        OpSpec build(Map<String, String> values);
    }

    /** Asks for the op's values; a value that does not parse is reported and records nothing. */
    private void form(String op, String header, List<FormField> fields, Build build) {
        whatIf.dialogs().askForm(op, header, fields).ifPresent(values -> {
            OpSpec spec;
            try {
                spec = build.build(values);
            } catch (IllegalArgumentException e) {
                whatIf.report(op + " not run", e.getMessage());
                return;
            }
            run(spec);
        });
    }

    // ---- building blocks ---------------------------------------------------------------------------

    private Arg ref(long id) {
        return session().ref(id);
    }

    private static Arg.Num num(long value) {
        return new Arg.Num(value, Long.toString(value));
    }

    private void run(OpSpec spec) {
        whatIf.run(spec);
    }

    private void op(String name) {
        run(new OpSpec(name, Map.of()));
    }

    private static ObjectAction.Item item(String id, String text, Runnable action) {
        return new ObjectAction.Item(id, text, false, action);
    }

    /** An item that runs {@code spec}, its text saying in advance when the kernel would refuse it. */
    private ObjectAction.Item probed(String id, String text, OpSpec spec) {
        Result r = session().probe(spec);
        String verdict = r == null ? "" : r.ok() ? "" : "  — " + r.outcome();
        return new ObjectAction.Item(id, text + verdict, r != null && !r.ok(), () -> run(spec));
    }

    static OpSpec spec(String name, Object... kv) {
        Map<String, Arg> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], (Arg) kv[i + 1]);
        }
        return new OpSpec(name, args);
    }
}
