package org.iommuscope.app.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.iommuscope.app.Screenshots;
import org.iommuscope.app.graph.GraphLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The edges a what-if step adds are routed like the rest: after "Attach to → ioas 3" on idev 1 at the seed's
 * step 12 (v6.15: an attach of an attached device replaces, so the kernel makes an auto hwpt 7 on ioas 3 and
 * moves group 26, both idevs, onto it), the new edges run orthogonally around the boxes, and no box that was
 * there moved.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfRoutingTest {
    @TempDir
    static Path journalDir;
    private WhatIfOnSeed ui;

    @Start
    void start(Stage s) throws Exception {
        ui = WhatIfOnSeed.show(s, journalDir);
    }

    @AfterEach
    void close() {
        ui.close();
    }

    @Test
    void edgesAWhatIfAddsAreOrthogonalAndNoBoxMoves(FxRobot robot) throws Exception {
        robot.interact(() -> ui.window().stepper().jump(12));
        robot.interact(ui.window().canvas()::fit);
        ui.settle();
        Map<String, Point2D> before = new LinkedHashMap<>();
        for (String id : ui.window().stepper().current().graph().nodes().keySet()) {
            Region r = ui.window().canvas().nodeFor(id);
            before.put(id, new Point2D(r.getLayoutX(), r.getLayoutY()));
        }
        robot.rightClickOn("#idev-1");
        robot.moveTo("#menu-attach");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#menu-attach-ioas-3").tryQuery().isPresent());
        robot.moveBy(140, 0);
        robot.clickOn("#menu-attach-ioas-3");
        ui.settle();
        assertEquals("attach: {dev: idev1, pt: ioas1, as: hwpt7}", ui.last().op());
        assertEquals("ok", ui.last().outcome());
        assertEquals("hwpt-7", ui.window().canvas().edgeTarget("gd-26"), "the group moved to the new auto hwpt");
        before.forEach((id, at) -> {
            Region r = ui.window().canvas().nodeFor(id);
            assertEquals(at, new Point2D(r.getLayoutX(), r.getLayoutY()), id + " stays where it was");
        });
        for (String edge : List.of("gd-26", "att-1", "att-2", "in-7")) {
            List<GraphLayout.Point> route = ui.window().canvas().edgeRoute(edge);
            assertNotNull(route, edge + " is drawn");
            for (int i = 1; i < route.size(); i++) {
                GraphLayout.Point a = route.get(i - 1);
                GraphLayout.Point b = route.get(i);
                assertTrue(a.x() == b.x() || a.y() == b.y(), edge + " runs orthogonally: " + route);
            }
            GraphLayout layout = ui.window().canvas().graphLayout();
            String[] ends = switch (edge) {
                case "gd-26" -> new String[] {"group-26", "hwpt-7"};
                case "in-7" -> new String[] {"hwpt-7", "ioas-3"};
                default -> new String[] {"idev-" + edge.substring(4), "hwpt-7"};
            };
            GraphLayout.Box from = layout.box(ends[0]);
            GraphLayout.Box to = layout.box(ends[1]);
            assertEquals(from.x() + from.w(), route.get(0).x(), edge + " leaves " + ends[0] + " on its right");
            assertEquals(to.x(), route.get(route.size() - 1).x(), edge + " enters " + ends[1] + " on its left");
            for (GraphLayout.Point p : route.subList(1, route.size() - 1)) {
                for (Map.Entry<String, GraphLayout.Box> b : layout.boxes().entrySet()) {
                    GraphLayout.Box box = b.getValue();
                    boolean group = b.getKey().startsWith("group-");
                    assertTrue(group || !(p.x() > box.x() && p.x() < box.x() + box.w() && p.y() > box.y() && p.y() < box.y() + box.h()),
                            edge + " bends inside " + b.getKey() + ": " + route);
                }
            }
        }
        Screenshots.save(ui.scene(), "whatif-attach-ioas3-routed");
    }
}
