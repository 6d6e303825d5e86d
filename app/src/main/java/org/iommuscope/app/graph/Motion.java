package org.iommuscope.app.graph;

import javafx.animation.FadeTransition;
import javafx.animation.ScaleTransition;
import javafx.scene.Node;
import javafx.util.Duration;

/** How a box comes (fades in), goes (fades out) and says "nothing changed" (a replace to the same hwpt pulses). */
final class Motion {
    static final Duration FADE = Duration.millis(350);

    private Motion() {
    }

    static void fadeIn(Node r) {
        r.setOpacity(0);
        r.setVisible(true);
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(1);
        ft.play();
    }

    static void fadeOut(Node r) {
        FadeTransition ft = new FadeTransition(FADE, r);
        ft.setToValue(0);
        ft.setOnFinished(e -> r.setVisible(false));
        ft.play();
    }

    static void pulse(Node r) {
        ScaleTransition st = new ScaleTransition(Duration.millis(220), r);
        st.setToX(1.12);
        st.setToY(1.12);
        st.setAutoReverse(true);
        st.setCycleCount(4);
        st.play();
    }
}
