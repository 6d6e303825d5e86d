package org.iommuscope.app.whatif;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.iommuscope.app.whatif.OpForm.Field;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.HwptNested;
import org.iommuscope.engine.iommufd.HwptPaging;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.iommufd.IommufdObject;
import org.iommuscope.engine.iommufd.Ioas;
import org.iommuscope.engine.scenario.Arg;
import org.iommuscope.engine.scenario.OpSignature;
import org.iommuscope.engine.scenario.OpSpec;

/**
 * The right-click menu of each object: exactly the ops that apply to it, built from the state at the viewed
 * step. An item that takes another object lists the candidates in a submenu, each marked with what the kernel
 * would answer (probed, nothing committed), so a refusal is visible before the click.
 */
final class ObjectMenus {
    private final WhatIf whatIf;

    ObjectMenus(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    private Session session() {
        return whatIf.session();
    }

    /** The menu for a canvas node ({@code idev-2}, {@code ioas-3}, {@code hwpt-6}, {@code dev-0000-06-0d-0}), or null. */
    ContextMenu menuFor(String nodeId, String label) {
        State s = session().runner().state();
        ContextMenu m = new ContextMenu();
        m.setId("menu-" + nodeId);
        if (nodeId.startsWith("dev-")) {
            device(m, s, label);
        } else if (nodeId.startsWith("idev-")) {
            idev(m, s, id(nodeId));
        } else if (nodeId.startsWith("ioas-")) {
            ioas(m, s, id(nodeId));
        } else if (nodeId.startsWith("hwpt-")) {
            hwpt(m, s, id(nodeId));
        } else if (nodeId.startsWith("group-")) {
            int group = (int) id(nodeId);
            m.getItems().add(item("menu-add-device-to-group", "Add device to iommu_group " + group + "…", () -> addDeviceTo(group)));
        } else {
            return null;
        }
        return m.getItems().isEmpty() ? null : m;
    }

    /** The canvas background: a new IOAS, or a new device (in a group of its own) for the machine. */
    ContextMenu canvasMenu() {
        ContextMenu m = new ContextMenu();
        m.setId("menu-canvas");
        m.getItems().addAll(item("menu-ioas-alloc", "New IOAS", () -> op("ioas_alloc")),
                item("menu-add-device", "Add device in a new group…", this::addDevice));
        return m;
    }

    static long id(String nodeId) {
        return Long.parseLong(nodeId.substring(nodeId.lastIndexOf('-') + 1));
    }

    private void device(ContextMenu m, State s, String name) {
        Integer idev = s.boundDevices().get(name);
        if (idev == null) {
            m.getItems().add(item("menu-bind", "Bind", () -> run(spec("bind", "device", new Arg.Word(name)))));
        } else {
            m.getItems().add(item("menu-unbind", "Unbind (idev " + idev + ")", () -> run(spec("unbind", "dev", ref(idev)))));
        }
        m.getItems().add(item("menu-dma", "DMA probe at IOVA…", () -> dma("device", new Arg.Word(name))));
    }

    private void idev(ContextMenu m, State s, long idev) {
        Menu attach = new Menu("Attach to");
        attach.setId("menu-attach");
        Menu replace = new Menu("Replace with");
        replace.setId("menu-replace");
        Menu alloc = new Menu("hwpt_alloc in");
        alloc.setId("menu-hwpt-alloc");
        Menu allocParent = new Menu("hwpt_alloc (nest_parent) in");
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Ioas || o instanceof HwptPaging || o instanceof HwptNested) {
                String target = o instanceof Ioas ? "ioas " + o.id() : "hwpt " + o.id();
                attach.getItems().add(probed("menu-attach-" + target.replace(' ', '-'), target,
                        spec("attach", "dev", ref(idev), "pt", ref(o.id()))));
                replace.getItems().add(probed("menu-replace-" + target.replace(' ', '-'), target,
                        spec("replace", "dev", ref(idev), "pt", ref(o.id()))));
            }
            if (o instanceof Ioas) {
                alloc.getItems().add(probed("menu-hwpt-alloc-ioas-" + o.id(), "ioas " + o.id(),
                        spec("hwpt_alloc", "dev", ref(idev), "pt", ref(o.id()))));
                allocParent.getItems().add(probed("menu-hwpt-alloc-parent-ioas-" + o.id(), "ioas " + o.id(),
                        spec("hwpt_alloc", "dev", ref(idev), "pt", ref(o.id()), "flags", new Arg.Words(List.of("nest_parent")))));
            }
        }
        for (Menu sub : List.of(attach, replace, alloc, allocParent)) {
            sub.setMnemonicParsing(false);
            if (sub.getItems().isEmpty()) {
                sub.setDisable(true);
            }
        }
        m.getItems().addAll(attach, replace,
                probed("menu-detach", "Detach", spec("detach", "dev", ref(idev))),
                new SeparatorMenuItem(), alloc, allocParent,
                new SeparatorMenuItem(),
                item("menu-dma", "DMA probe at IOVA…", () -> dma("dev", ref(idev))),
                probed("menu-unbind", "Unbind", spec("unbind", "dev", ref(idev))));
        if (!(s.object(idev) instanceof Idev)) {
            m.getItems().clear();
        }
    }

    private void ioas(ContextMenu m, State s, long ioas) {
        m.getItems().addAll(
                item("menu-map", "Map…", () -> map(ioas)),
                item("menu-unmap", "Unmap…", () -> unmap(ioas)),
                probed("menu-unmap-all", "Unmap all", spec("ioas_unmap", "ioas", ref(ioas), "all", new Arg.Flag(true))),
                item("menu-copy", "Copy…", () -> copy(ioas)),
                new SeparatorMenuItem(),
                item("menu-allow-iovas", "Allow IOVAs…", () -> allowIovas(ioas)),
                item("menu-add-reserved", "Add reserved…", () -> addReserved(ioas)),
                new SeparatorMenuItem(),
                probed("menu-destroy", "Destroy", spec("destroy", "id", ref(ioas))));
    }

    private void hwpt(ContextMenu m, State s, long hwpt) {
        Menu nested = new Menu("Allocate nested for");
        nested.setId("menu-alloc-nested");
        for (IommufdObject o : s.objects().values()) {
            if (o instanceof Idev) {
                nested.getItems().add(probed("menu-alloc-nested-idev-" + o.id(), "idev " + o.id(),
                        spec("hwpt_alloc", "dev", ref(o.id()), "pt", ref(hwpt))));
            }
        }
        nested.setDisable(nested.getItems().isEmpty());
        m.getItems().addAll(probed("menu-destroy", "Destroy", spec("destroy", "id", ref(hwpt))), nested);
    }

    // ---- ops that need values ----------------------------------------------------------------------

    private void map(long ioas) {
        form("ioas_map", "Map into ioas " + ioas, List.of(
                Field.text("iova", "IOVA", "", "automatic"),
                Field.text("length", "length", "2M", ""),
                Field.choice("perm", "permissions", OpSignature.PERMS)), v -> {
            Map<String, Arg> args = new LinkedHashMap<>();
            args.put("ioas", ref(ioas));
            if (!v.get("iova").isEmpty()) {
                args.put("iova", OpForm.number("IOVA", v.get("iova")));
            }
            args.put("length", OpForm.number("length", v.get("length")));
            args.put("perm", new Arg.Word(v.get("perm")));
            return new OpSpec("ioas_map", args);
        });
    }

    private void unmap(long ioas) {
        form("ioas_unmap", "Unmap from ioas " + ioas, List.of(
                Field.text("iova", "IOVA", "", "0x100000000"),
                Field.text("length", "length", "2M", "")), v -> spec("ioas_unmap", "ioas", ref(ioas),
                "iova", OpForm.number("IOVA", v.get("iova")), "length", OpForm.number("length", v.get("length"))));
    }

    private void copy(long ioas) {
        List<String> others = session().runner().state().objects().values().stream()
                .filter(o -> o instanceof Ioas).map(o -> Integer.toString(o.id())).toList();
        form("ioas_copy", "Copy from ioas " + ioas, List.of(
                Field.text("src_iova", "source IOVA", "", "0x100000000"),
                Field.text("length", "length", "2M", ""),
                Field.choice("dst", "to ioas", others),
                Field.text("dst_iova", "destination IOVA", "", "automatic"),
                Field.choice("perm", "permissions", OpSignature.PERMS)), v -> {
            Map<String, Arg> args = new LinkedHashMap<>();
            args.put("src", ref(ioas));
            args.put("src_iova", OpForm.number("source IOVA", v.get("src_iova")));
            args.put("length", OpForm.number("length", v.get("length")));
            args.put("dst", ref(Long.parseLong(v.get("dst"))));
            if (!v.get("dst_iova").isEmpty()) {
                args.put("dst_iova", OpForm.number("destination IOVA", v.get("dst_iova")));
            }
            args.put("perm", new Arg.Word(v.get("perm")));
            return new OpSpec("ioas_copy", args);
        });
    }

    private void allowIovas(long ioas) {
        form("ioas_allow_iovas", "Allowed IOVAs of ioas " + ioas, List.of(
                Field.text("ranges", "ranges (first-last, …)", "0x100000000-0x1ffffffff", "")),
                v -> spec("ioas_allow_iovas", "ioas", ref(ioas), "ranges", OpForm.ranges("ranges", v.get("ranges"))));
    }

    private void addReserved(long ioas) {
        form("add_reserved", "Reserve IOVAs in ioas " + ioas, List.of(
                Field.text("start", "start", "0xfee00000", ""),
                Field.text("length", "length", "1M", "")), v -> spec("add_reserved", "ioas", ref(ioas),
                "start", OpForm.number("start", v.get("start")), "length", OpForm.number("length", v.get("length"))));
    }

    private void dma(String key, Arg who) {
        form("dma", "DMA probe", List.of(
                Field.text("iova", "IOVA", "", "0x100000000"),
                Field.choice("access", "access", OpSignature.ACCESSES)),
                v -> spec("dma", key, who, "iova", OpForm.number("IOVA", v.get("iova")), "access", new Arg.Word(v.get("access"))));
    }

    private void addDevice() {
        int group = session().nextGroupId();
        Optional<Map<String, String>> v = OpForm.ask(whatIf.owner(), "Add a device", "A vfio-pci device in a new iommu_group",
                List.of(Field.text("group", "iommu_group", Integer.toString(group), ""),
                        Field.text("name", "device name", String.format("0000:%02x:00.0", group & 0xff), "")));
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
        OpForm.ask(whatIf.owner(), "Add a device", "A device in iommu_group " + group + ", present from boot",
                List.of(Field.text("bdf", "PCI address", session().nextBdf(group), "DDDD:BB:DD.F"),
                        Field.text("driver", "driver", org.iommuscope.engine.hw.PciDevice.VFIO_PCI, "vfio-pci or a kernel driver"),
                        Field.choice("msi", "reserved (like its siblings)", msiChoices)))
                .ifPresent(v -> whatIf.addDevice(group, v.get("bdf"), v.get("driver"), !"none".equals(v.get("msi"))));
    }

    private interface Build {
        OpSpec build(Map<String, String> values);
    }

    /** Asks for the op's values; a value that does not parse is reported and records nothing. */
    private void form(String op, String header, List<Field> fields, Build build) {
        OpForm.ask(whatIf.owner(), op, header, fields).ifPresent(values -> {
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

    private void run(OpSpec spec) {
        whatIf.run(spec);
    }

    private void op(String name) {
        run(new OpSpec(name, Map.of()));
    }

    private static MenuItem item(String id, String text, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setMnemonicParsing(false);
        i.setId(id);
        i.setOnAction(e -> action.run());
        return i;
    }

    /** An item that runs {@code spec}, its text saying in advance when the kernel would refuse it. */
    private MenuItem probed(String id, String text, OpSpec spec) {
        Result r = session().probe(spec);
        String verdict = r == null ? "" : r.ok() ? "" : "  — " + r.outcome();
        MenuItem i = item(id, text + verdict, () -> run(spec));
        if (r != null && !r.ok()) {
            i.getStyleClass().add("refused-item");
        }
        return i;
    }

    static OpSpec spec(String name, Object... kv) {
        Map<String, Arg> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], (Arg) kv[i + 1]);
        }
        return new OpSpec(name, args);
    }
}
