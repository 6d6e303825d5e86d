package org.iommuscope.app.whatif;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import org.iommuscope.app.graph.NodeId;
import org.iommuscope.app.graph.TopologyView;

/**
 * Dragging an idev onto a hwpt or an IOAS attaches it there (replaces, when it is attached already). A
 * press-drag-release gesture ({@code startFullDrag}, no clipboard): it needs no platform drag-and-drop, so it
 * behaves the same on every desktop and under the headless test robot. When the drag starts every possible
 * target on screen is marked {@code drop-ok} or {@code drop-refused} with the kernel's answer (from the
 * view-model); the one under the pointer also shows it in words.
 */
final class DragAttach {
    private final WhatIf whatIf;
    private final TopologyView canvas;
    private NodeId dragged;
    /** Each target's answer for the drag under way, by its scene id. */
    private final Map<String, WhatIf.DropVerdict> verdicts = new HashMap<>();

    DragAttach(WhatIf whatIf, TopologyView canvas) {
        this.whatIf = whatIf;
        this.canvas = canvas;
    }

    /** Wires one canvas node: idevs are sources, hwpts and IOASes are targets. */
    void install(NodeId node, Region r) {
        String id = node.css();
        if (node.kind() == org.iommuscope.app.graph.GraphModel.Kind.IDEV) {
            r.setOnDragDetected(e -> {
                if (e.getButton() == MouseButton.PRIMARY) {
                    start(node);
                    r.startFullDrag();
                    e.consume();
                }
            });
            // The canvas pans on drags of its background; a drag that starts on an idev is an attach.
            r.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
                if (dragged != null) {
                    canvas.showDragLine(dragged.css(), e.getSceneX(), e.getSceneY());
                }
                e.consume();
            });
            r.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> end());
        } else if (node.isHwpt() || node.kind() == org.iommuscope.app.graph.GraphModel.Kind.IOAS) {
            r.setOnMouseDragEntered(e -> hover(id));
            r.setOnMouseDragExited(e -> hover(null));
            r.setOnMouseDragReleased(e -> drop(node));
        }
    }

    private void start(NodeId idev) {
        dragged = idev;
        verdicts.clear();
        java.util.List<NodeId> onScreen = canvas.shown() == null ? java.util.List.of()
                : canvas.shown().nodes().values().stream().map(n -> n.ref()).toList();
        whatIf.dropVerdicts(idev, onScreen).forEach((target, v) -> {
            verdicts.put(target.css(), v);
            canvas.nodeFor(target.css()).getStyleClass().add(v.ok() ? "drop-ok" : "drop-refused");
        });
    }

    private void hover(String target) {
        if (dragged == null) {
            return;
        }
        WhatIf.DropVerdict v = target == null ? null : verdicts.get(target);
        if (v == null) {
            canvas.showHint(null, null, true);
            return;
        }
        canvas.showHint(target, v.text(), v.ok());
    }

    private void drop(NodeId target) {
        if (dragged == null) {
            return;
        }
        NodeId idev = dragged;
        end();
        whatIf.drop(idev, target);
    }

    /** The drag is over: marks and the hint go. */
    void end() {
        if (dragged == null) {
            return;
        }
        dragged = null;
        for (String id : verdicts.keySet()) {
            Region node = canvas.nodeFor(id);
            if (node != null) {
                node.getStyleClass().removeAll("drop-ok", "drop-refused");
            }
        }
        verdicts.clear();
        canvas.showHint(null, null, true);
        canvas.showDragLine(null, 0, 0);
    }

    boolean dragging() {
        return dragged != null;
    }
}
