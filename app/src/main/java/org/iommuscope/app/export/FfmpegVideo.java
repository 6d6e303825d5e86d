package org.iommuscope.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A video encoded by the system's `ffmpeg` (WebM with VP9, or MP4 with H.264), fed raw pictures on its
 * standard input at a constant frame rate: a picture held longer is sent again, as many times as its time
 * takes, with the times rounded so that they add up.
 */
public final class FfmpegVideo implements AnimationFile {
    /** A video container and the encoder it is written with. */
    public enum Kind {
        WEBM("libvpx-vp9", List.of("-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-row-mt", "1", "-deadline", "good", "-cpu-used", "4")),
        MP4("libx264", List.of("-c:v", "libx264", "-preset", "medium", "-crf", "20", "-movflags", "+faststart"));

        private final String encoder;
        private final List<String> options;

        Kind(String encoder, List<String> options) {
            this.encoder = encoder;
            this.options = options;
        }

        public String encoder() {
            return encoder;
        }
    }

    private final Process process;
    private final OutputStream in;
    private final Path log;
    private final int fps;
    private final int width;
    private final int height;
    private final ByteBuffer frame;
    private double elapsedMs;
    private long sent;

    private FfmpegVideo(Process process, Path log, int fps, int width, int height) {
        this.process = process;
        this.in = process.getOutputStream();
        this.log = log;
        this.fps = fps;
        this.width = width;
        this.height = height;
        this.frame = ByteBuffer.allocate(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Why this machine cannot write {@code kind}, in a sentence, or null when it can: no `ffmpeg` on the PATH,
     * or one built without the encoder.
     */
    public static String unavailable(Kind kind) {
        String name = kind.name().toLowerCase(Locale.ROOT);
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders").redirectErrorStream(true).start();
            String encoders = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            if (!encoders.contains(" " + kind.encoder + " ")) {
                return "this ffmpeg has no " + kind.encoder + " encoder, which " + name + " needs; --format gif needs nothing more";
            }
            return null;
        } catch (IOException e) {
            return "--format " + name + " needs ffmpeg on the PATH (Debian: apt-get install ffmpeg); --format gif needs nothing more";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for ffmpeg";
        }
    }

    /** Starts ffmpeg writing {@code file}; every picture must then be {@code width} × {@code height}. */
    public static FfmpegVideo start(Kind kind, Path file, int fps, int width, int height) throws IOException {
        Path log = Files.createTempFile("iommuscope-ffmpeg", ".log");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "rawvideo", "-pix_fmt", "bgra", "-s", width + "x" + height, "-r", Integer.toString(fps), "-i", "-",
                // 4:2:0 video needs even sides: a white column or row makes them so.
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white", "-pix_fmt", "yuv420p"));
        cmd.addAll(kind.options);
        cmd.add(file.toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new FfmpegVideo(p, log, fps, width, height);
    }

    @Override
    public void add(BufferedImage rgb, double durationMs) throws IOException {
        if (rgb.getWidth() != width || rgb.getHeight() != height) {
            throw new IllegalArgumentException("every picture of an animation has one size");
        }
        long until = Math.round((elapsedMs + durationMs) * fps / 1000);
        elapsedMs += durationMs;
        if (until <= sent) {
            return;
        }
        frame.clear();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            rgb.getRGB(0, y, width, 1, row, 0, width);
            // 0xAARRGGBB, little-endian: the bytes B, G, R, A, which is ffmpeg's bgra.
            frame.asIntBuffer().position(y * width).put(row);
        }
        try {
            for (; sent < until; sent++) {
                in.write(frame.array());
            }
        } catch (IOException e) {
            throw new IOException("ffmpeg stopped: " + reason(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException("ffmpeg failed (exit " + process.exitValue() + "): " + reason());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg encoded", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private String reason() {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
