package org.iommuscope.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iommuscope.app.graph.GraphLayout.Point;
import org.junit.jupiter.api.Test;

/** An edge in flight is drawn only inside the canvas: the polyline cut to a rectangle. */
class EdgeShapeClipTest {
    private static List<List<Point>> clip(Point... pts) {
        return EdgeShape.clip(List.of(pts), 0, 0, 100, 50);
    }

    @Test
    void aPolylineInsideIsKeptWhole() {
        List<List<Point>> pieces = clip(new Point(10, 10), new Point(90, 10), new Point(90, 40));
        assertEquals(List.of(List.of(new Point(10, 10), new Point(90, 10), new Point(90, 40))), pieces);
    }

    @Test
    void aSegmentCrossingTheBorderIsCutWhereItCrosses() {
        List<List<Point>> pieces = clip(new Point(50, 25), new Point(150, 25));
        assertEquals(List.of(List.of(new Point(50, 25), new Point(100, 25))), pieces);
        pieces = clip(new Point(-50, -50), new Point(150, 150));
        assertEquals(1, pieces.size());
        assertEquals(new Point(0, 0), pieces.get(0).get(0));
        assertEquals(new Point(50, 50), pieces.get(0).get(1));
    }

    @Test
    void aLineThatLeavesAndComesBackIsTwoPiecesNotOneThatCutsAcross() {
        // In at the left, out through the top, back in through the top, out at the right.
        List<List<Point>> pieces = clip(new Point(-10, 20), new Point(30, 20), new Point(30, -20),
                new Point(70, -20), new Point(70, 20), new Point(110, 20));
        assertEquals(2, pieces.size(), pieces.toString());
        assertEquals(List.of(new Point(0, 20), new Point(30, 20), new Point(30, 0)), pieces.get(0));
        assertEquals(List.of(new Point(70, 0), new Point(70, 20), new Point(100, 20)), pieces.get(1));
    }

    @Test
    void aLineEntirelyOutsideLeavesNothingToDraw() {
        assertTrue(clip(new Point(-10, -10), new Point(200, -10), new Point(200, 300)).isEmpty());
    }
}
