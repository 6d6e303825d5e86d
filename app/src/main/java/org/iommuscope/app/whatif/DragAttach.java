package org.iommuscope.app.whatif;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import org.iommuscope.engine.Result;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.State;
import org.iommuscope.engine.iommufd.Idev;
import org.iommuscope.engine.scenario.OpSpec;

/**
 * Dragging an idev onto a hwpt or an IOAS attaches it there (replaces, when it is attached already). A
 * press-drag-release gesture ({@code startFullDrag}, no clipboard): it needs no platform drag-and-drop, so it
 * behaves the same on every desktop and under the headless test robot. When the drag starts every possible
 * target is probed on the engine and marked {@code drop-ok} or {@code drop-refused}; the one under the pointer
 * also shows the kernel's answer in words.
 */
final class DragAttach {
    private final WhatIf whatIf;
    private String dragged;
    /** Each target's probed answer for the drag under way. */
    private final Map<String, Result> verdicts = new HashMap<>();

    DragAttach(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    /** Wires one canvas node: idevs are sources, hwpts and IOASes are targets. */
    void install(String nodeId, Region r) {
        if (nodeId.startsWith("idev-")) {
            r.setOnDragDetected(e -> {
                if (e.getButton() == MouseButton.PRIMARY) {
                    start(nodeId);
                    r.startFullDrag();
                    e.consume();
                }
            });
            // The canvas pans on drags of its background; a drag that starts on an idev is an attach.
            r.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                if (dragged != null) {
                    whatIf.window().canvas().showDragLine(dragged, e.getSceneX(), e.getSceneY());
                }
                e.consume();
            });
            r.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> end());
        } else if (nodeId.startsWith("hwpt-") || nodeId.startsWith("ioas-")) {
            r.setOnMouseDragEntered(e -> hover(nodeId));
            r.setOnMouseDragExited(e -> hover(null));
            r.setOnMouseDragReleased(e -> drop(nodeId));
        }
    }

    /** The op a drop of the dragged idev on {@code target} runs. */
    OpSpec opFor(String idevNode, String target) {
        State s = whatIf.session().runner().state();
        long idev = ObjectMenus.id(idevNode);
        boolean attached = s.object(idev) instanceof Idev i && new Snapshot(s).kernelHwpt(i) >= 0;
        return ObjectMenus.spec(attached ? "replace" : "attach", "dev", whatIf.session().ref(idev),
                "pt", whatIf.session().ref(ObjectMenus.id(target)));
    }

    void start(String idevNode) {
        dragged = idevNode;
        verdicts.clear();
        for (String id : whatIf.visibleNodes()) {
            if (id.startsWith("hwpt-") || id.startsWith("ioas-")) {
                Result r = whatIf.session().probe(opFor(idevNode, id));
                verdicts.put(id, r);
                Region node = whatIf.window().canvas().nodeFor(id);
                node.getStyleClass().add(r != null && r.ok() ? "drop-ok" : "drop-refused");
            }
        }
    }

    private void hover(String target) {
        if (dragged == null) {
            return;
        }
        if (target == null || !verdicts.containsKey(target)) {
            whatIf.window().canvas().showHint(null, null, true);
            return;
        }
        Result r = verdicts.get(target);
        OpSpec op = opFor(dragged, target);
        String text = r == null ? op.name() + ": cannot be issued"
                : r.ok() ? op.name() + " → ok" : op.name() + " → " + r.outcome() + (r.reason().isBlank() ? "" : ": " + r.reason());
        whatIf.window().canvas().showHint(target, text, r != null && r.ok());
    }

    private void drop(String target) {
        if (dragged == null) {
            return;
        }
        String idev = dragged;
        end();
        whatIf.run(opFor(idev, target));
    }

    /** The drag is over: marks and the hint go. */
    void end() {
        if (dragged == null) {
            return;
        }
        dragged = null;
        for (String id : verdicts.keySet()) {
            Region node = whatIf.window().canvas().nodeFor(id);
            if (node != null) {
                node.getStyleClass().removeAll("drop-ok", "drop-refused");
            }
        }
        verdicts.clear();
        whatIf.window().canvas().showHint(null, null, true);
        whatIf.window().canvas().showDragLine(null, 0, 0);
    }

    boolean dragging() {
        return dragged != null;
    }
}
