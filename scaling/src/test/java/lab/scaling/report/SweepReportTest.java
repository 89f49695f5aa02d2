package lab.scaling.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import lab.cli.Lab;
import lab.scaling.sweep.SweepTestSupport;
import lab.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on a sweep run by the fake trainer (whose losses follow a known law with real valleys). */
class SweepReportTest {
    @TempDir
    static Path tmp;
    static Path sweep;

    @BeforeAll
    static void runSweepAndReport() throws Exception {
        Path spec = SweepTestSupport.writeSpec(tmp, SweepTestSupport.TINY_SPEC.replace("count: 3", "count: 4")
                .replace("span: 6", "span: 12"));
        sweep = tmp.resolve("sweep");
        String trainer = SweepTestSupport.fakeTrainer(Map.of("seconds", "0.1"));
        assertEquals(0, Lab.execute("sweep", "run", spec.toString(), "--out", sweep.toString(), "--trainer", trainer),
                () -> SweepTestSupport.read(sweep.resolve("runs.jsonl")));
        assertEquals(0, Lab.execute("report", sweep.toString(), "--bootstrap", "50"));
    }

    @Test
    void writesFitJsonAndASelfContainedPage() throws Exception {
        var fit = Json.read(sweep.resolve("report/fit.json"));
        assertTrue(fit.path("approach2").path("a").isNumber(), fit.toString());
        assertTrue(fit.path("approach3").path("alpha").isNumber(), fit.toString());
        // The fake trainer's law has alpha 0.35, beta 0.3: a = beta / (alpha + beta) = 0.4615.
        assertEquals(0.3 / 0.65, fit.path("approach3").path("a").asDouble(), 0.02);
        String html = Files.readString(sweep.resolve("report/index.html"));
        int images = count(html, "<img ");
        assertEquals(images, count(html, "src=\"data:image/png;base64,"), "every image is embedded");
        assertTrue(images >= 5, "loss curves, IsoFLOP, two frontiers, contours: " + images);
        assertTrue(html.contains("Compute-optimal N and D at 3e12 FLOPs"), "10x the largest budget (3e11)");
        assertTrue(html.contains("extrapolate 10x beyond the largest budget swept"));
        assertTrue(html.contains("C3e11-d32-s0"), "table of runs");
        assertTrue(html.contains("<h2 id=\"provenance\">"));
        assertTrue(!html.contains("http://") && !html.contains("https://"), "nothing is fetched");
    }

    /** Opens the page in headless Chromium (Debian's `chromium`): the DOM has its images and the screenshot is not blank. */
    @Test
    @Tag("browser")
    void rendersInHeadlessChromium() throws Exception {
        Path page = sweep.resolve("report/index.html");
        Path profile = tmp.resolve("chromium-profile");
        Path shot = tmp.resolve("shot.png");
        var common = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1100,1800");
        String dom = run(concat(common, List.of("--dump-dom", page.toUri().toString())), tmp.resolve("dom.html"));
        assertTrue(count(dom, "<img ") >= 5, "rendered DOM keeps the images");
        assertTrue(dom.contains("Scaling report"));
        run(concat(common, List.of("--screenshot=" + shot, page.toUri().toString())), tmp.resolve("shot.log"));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 1000);
        var colours = new HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "a rendered page with charts has many colours, got " + colours.size());
    }

    private static String run(List<String> cmd, Path stdout) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(stdout.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), "chromium exit code");
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
