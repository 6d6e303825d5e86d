package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iommuscope.app.dialog.ScriptedDialogs;
import org.iommuscope.app.graph.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The what-if view-model with no window: its dialogs are a script, its commands are called directly, and
 * what it would show is read from its properties.
 */
class WhatIfModelTest {

    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    private WhatIf atTheEnd() throws Exception {
        WhatIf w = WhatIf.open(SessionTest.seed(null), dialogs);
        w.scenario().stepper().end();
        return w;
    }

    @Test
    void aRefusedOpIsToldWithItsErrnoAndKeptAsAStep() throws Exception {
        WhatIf w = atTheEnd();
        int frames = w.scenario().stepper().frames().size();
        // hwpt 5 still holds ioas 3: iommufd_object_remove() finds more than its own reference, -EBUSY.
        w.run(SessionTest.op("destroy", "id", w.session().ref(3)));
        assertEquals(frames + 1, w.scenario().stepper().frames().size(), "the refusal is a step");
        assertTrue(w.message().get().startsWith("destroy refused: EBUSY (-16)"), w.message().get());
        assertEquals(List.of("notify destroy refused: EBUSY (-16)"), dialogs.told);
        assertTrue(w.unsaved().get() && w.canUndo().get());
    }

    @Test
    void saveAsCancelledSavesNothingAndSaveAsToAFileWritesIt(@TempDir Path dir) throws Exception {
        WhatIf w = atTheEnd();
        w.run(SessionTest.op("ioas_alloc"));
        dialogs.files.push(Optional.empty());
        assertFalse(w.save(), "the user cancelled where");
        assertTrue(w.unsaved().get());
        Path file = dir.resolve("mine.yaml");
        dialogs.files.push(Optional.of(file));
        assertTrue(w.save());
        assertTrue(Files.readString(file).contains("ioas_alloc"));
        assertFalse(w.unsaved().get(), "saved");
        assertEquals(List.of("save as what-if.yaml (SCENARIO)", "save as what-if.yaml (SCENARIO)"), dialogs.told);
        assertTrue(w.save(), "a second save goes where the first did, asking nothing");
        assertEquals(2, dialogs.told.size());
    }

    @Test
    void aCaptionIsAskedForAndAFormsBadValueRecordsNothing() throws Exception {
        WhatIf w = atTheEnd();
        dialogs.texts.push(Optional.of("idev1 replaces"));
        w.editCaption(12);
        assertEquals("idev1 replaces", w.scenario().stepper().frames().get(12).caption());
        assertEquals("Caption of step 12", dialogs.told.get(0));
        int frames = w.scenario().stepper().frames().size();
        // Map… on ioas 3, with a length that is no number.
        dialogs.forms.push(Optional.of(Map.of("iova", "", "length", "12Q", "perm", "rw")));
        w.actionsFor(NodeId.ioas(3)).stream().filter(a -> a instanceof ObjectAction.Item i && i.id().equals("menu-map"))
                .map(a -> (ObjectAction.Item) a).findFirst().orElseThrow().run().run();
        assertEquals(frames, w.scenario().stepper().frames().size(), "nothing recorded");
        assertTrue(w.message().get().contains("length: '12Q' is not a number"), w.message().get());
    }

    @Test
    void theIdevsMenuOffersTheKernelsAnswerBeforeTheClick() throws Exception {
        WhatIf w = WhatIf.open(SessionTest.seed(null), dialogs);
        w.scenario().stepper().jump(12);
        ObjectAction.Choices attach = w.actionsFor(NodeId.idev(2)).stream().filter(a -> a instanceof ObjectAction.Choices c
                && c.id().equals("menu-attach")).map(a -> (ObjectAction.Choices) a).findFirst().orElseThrow();
        List<String> items = attach.items().stream().map(ObjectAction.Item::id).toList();
        assertEquals(List.of("menu-attach-ioas-3", "menu-attach-ioas-4", "menu-attach-hwpt-5", "menu-attach-hwpt-6"), items,
                "every IOAS and hwpt of the state is a candidate");
        // Group 26 is on hwpt 6 already: iommufd_device_do_replace() returns 0 when the hwpt does not change.
        assertTrue(w.dropVerdicts(NodeId.idev(2), List.of(NodeId.hwptPaging(6))).get(NodeId.hwptPaging(6)).ok());
    }

    private static ObjectAction.Item item(List<ObjectAction> actions, String id) {
        for (ObjectAction a : actions) {
            if (a instanceof ObjectAction.Item i && i.id().equals(id)) {
                return i;
            }
            if (a instanceof ObjectAction.Choices c) {
                for (ObjectAction.Item i : c.items()) {
                    if (i.id().equals(id)) {
                        return i;
                    }
                }
            }
        }
        throw new AssertionError("no " + id + " in " + actions);
    }

    private static org.iommuscope.engine.iommufd.Idev idev(WhatIf w, int id) {
        return (org.iommuscope.engine.iommufd.Idev) w.session().runner().state().object(id);
    }

    @Test
    void aPasidIsAttachedAndDetachedFromTheIdevsMenu() throws Exception {
        Session s = new Session(org.iommuscope.engine.scenario.ScenarioLoader.load(Path.of("scenarios", "pasid-shared-device.yaml")), null);
        WhatIf w = WhatIf.open(s, dialogs);
        // Step 16: acc (idev 1) is on hwpt_guest (6) at its RID and on hwpt_proc (5) at PASID 5.
        w.scenario().stepper().jump(16);
        assertEquals(List.of(5), List.copyOf(idev(w, 1).vfioPasids()));
        ObjectAction.Item detach5 = item(w.actionsFor(NodeId.idev(1)), "menu-detach-pasid-5");
        assertFalse(detach5.refused(), detach5.text());
        detach5.run().run();
        assertTrue(idev(w, 1).vfioPasids().isEmpty(), "VFIO_DEVICE_DETACH_PASID took PASID 5 away");
        assertEquals(6, w.session().runner().state().igroups().get(5).hwpt(), "igroup->hwpt: the RID stays on hwpt_guest");

        dialogs.forms.push(Optional.of(Map.of("pasid", "7", "pt", "hwpt 5")));
        item(w.actionsFor(NodeId.idev(1)), "menu-attach-pasid").run().run();
        assertEquals(List.of(7), List.copyOf(idev(w, 1).vfioPasids()), w.message().get());
        String op = w.scenario().stepper().frames().get(w.scenario().stepper().index().get()).op();
        assertTrue(op.contains("pasid: 7"), op);
        assertTrue(dialogs.told.get(0).startsWith("Attach idev 1 at a PASID [pasid, pt]"), dialogs.told.toString());
    }

    @Test
    void theVIommuDiagramsObjectsHaveTheirOwnMenus() throws Exception {
        Session s = new Session(org.iommuscope.engine.scenario.ScenarioLoader.load(Path.of("scenarios", "viommu-object-diagram.yaml")), null);
        WhatIf w = WhatIf.open(s, dialogs);
        // The first step with a vIOMMU (the diagram's last steps take it down again).
        int at = 0;
        while (w.scenario().stepper().frames().get(at).state().objects().values().stream()
                .noneMatch(o -> o instanceof org.iommuscope.engine.iommufd.Viommu)) {
            at++;
        }
        w.scenario().stepper().jump(at);
        var state = w.session().runner().state();
        var viommu = state.objects().values().stream().filter(o -> o instanceof org.iommuscope.engine.iommufd.Viommu).findFirst().orElseThrow();
        List<String> ids = w.actionsFor(NodeId.viommu(viommu.id())).stream()
                .filter(a -> a instanceof ObjectAction.Item).map(a -> ((ObjectAction.Item) a).id()).toList();
        assertEquals(List.of("menu-veventq-alloc", "menu-destroy"), ids);
        dialogs.forms.push(Optional.of(Map.of("depth", "32")));
        item(w.actionsFor(NodeId.viommu(viommu.id())), "menu-veventq-alloc").run().run();
        assertEquals(at + 2, w.scenario().stepper().frames().size(), "the form's op is the first step of a branch from step " + at);
        String op = w.scenario().stepper().frames().get(at + 1).op();
        assertTrue(op.startsWith("veventq_alloc: {viommu: ") && op.contains("depth: 32, as: veventq"), "named after what it made: " + op);
    }
}
