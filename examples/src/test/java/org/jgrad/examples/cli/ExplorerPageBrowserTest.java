package org.jgrad.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The explorer page of tutorial 000 ({@code jgrad graph --html}) in a real, headless Chromium: every step by the
 * button and by the arrow keys, the explain line and the gradient on each node after each step, {@code #step=N},
 * no network request, a phone-width window, screenshots. Skipped, with a message, when Debian's {@code chromium}
 * and {@code chromium-driver} are not installed ({@code .ci/run} installs them).
 */
class ExplorerPageBrowserTest {
    /** Step 0, the three forward steps, then the five lines of Graph.explain for J = 3v, v = a + u, u = bc. */
    private static final List<String> EXPLAIN = List.of(
            "The graph before the forward pass: only the leaves hold values.",
            "u = b * c = 6",
            "v = a + u = 11",
            "J = v * 3 = 33",
            "dJ/dv = 3",
            "dJ/du = dJ/dv * dv/du = 3 * 1 = 3",
            "dJ/dc = dJ/du * du/dc = 3 * b = 3 * 3 = 9",
            "dJ/db = dJ/du * du/db = 3 * c = 3 * 2 = 6",
            "dJ/da = dJ/dv * dv/da = 3 * 1 = 3");
    /** Node, the step from which it shows its gradient, and that gradient (dJ/dJ = 1 is the seed). */
    private static final List<Object[]> GRADIENTS = List.of(
            new Object[] {"J", 4, "1"}, new Object[] {"v", 4, "3"}, new Object[] {"u", 5, "3"},
            new Object[] {"c", 6, "9"}, new Object[] {"b", 7, "6"}, new Object[] {"a", 8, "3"});
    private static final int LAST = EXPLAIN.size() - 1;

    /** Selenium warns that it has no DevTools bindings for this Chromium; the test does not use them. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools.CdpVersionFinder");

    private static WebDriver driver;
    private static String pageUrl;
    private static String html;

    @TempDir
    static Path dir;

    @BeforeAll
    static void openBrowser() throws Exception {
        String chromium = firstExecutable(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        String chromedriver = firstExecutable(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
        Assumptions.assumeTrue(chromium != null && chromedriver != null,
                "explorer browser test skipped: no chromium and chromium-driver installed (Debian: apt-get install -y"
                        + " chromium chromium-driver; .ci/run does this)");
        Path page = dir.resolve("graph.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"graph", "--html", page.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote " + page.toAbsolutePath());
        html = Files.readString(page);
        pageUrl = page.toUri().toString();

        CDP_LOG.setLevel(Level.OFF);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).build();
        driver = new ChromeDriver(service, options);
        viewport(1280, 800);
    }

    /** Sizes the window so that the page itself (the viewport) is {@code width x height}. */
    private static void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long w = (Long) js("return window.innerWidth");
        long h = (Long) js("return window.innerHeight");
        driver.manage().window().setSize(new Dimension(2 * width - (int) w, 2 * height - (int) h));
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static String firstExecutable(String... candidates) {
        for (String c : candidates) {
            if (c != null && new File(c).canExecute()) {
                return c;
            }
        }
        return null;
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static String explain() {
        return driver.findElement(By.id("explain")).getText();
    }

    private static String gradOn(String name) {
        return (String) js("return document.querySelector('g.value[data-name=\"" + name + "\"] .grad').textContent");
    }

    /** The explain line, the URL's step and every node's gradient as they must be at {@code step}. */
    private static void assertStep(int step) {
        assertThat(explain()).as("explain at step %d", step).isEqualTo(EXPLAIN.get(step));
        assertThat(driver.getCurrentUrl()).endsWith("#step=" + step);
        for (Object[] g : GRADIENTS) {
            String expected = step >= (int) g[1] ? "grad " + g[2] : "";
            assertThat(gradOn((String) g[0])).as("gradient on %s at step %d", g[0], step).isEqualTo(expected);
        }
        // u's value is computed by the first forward step
        String uData = (String) js("return document.querySelector('g.value[data-name=\"u\"] .data').textContent");
        assertThat(uData).isEqualTo(step >= 1 ? "data 6" : "data ?");
    }

    @Test
    void everyStepByTheButtonAndByTheArrowKeys() {
        driver.get(pageUrl);
        assertThat(js("return document.body.dataset.steps")).isEqualTo(String.valueOf(LAST));
        assertStep(0);
        for (int s = 1; s <= LAST; s++) {
            driver.findElement(By.id("step")).click();
            assertStep(s);
        }
        // at the end the step button is off; back by the button, then reset
        assertThat(driver.findElement(By.id("step")).isEnabled()).isFalse();
        driver.findElement(By.id("back")).click();
        assertStep(LAST - 1);
        driver.findElement(By.id("reset")).click();
        assertStep(0);
        var body = driver.findElement(By.tagName("body"));
        for (int s = 1; s <= LAST; s++) {
            body.sendKeys(Keys.ARROW_RIGHT);
            assertStep(s);
        }
        body.sendKeys(Keys.ARROW_RIGHT);
        assertStep(LAST);
        for (int s = LAST - 1; s >= 0; s--) {
            body.sendKeys(Keys.ARROW_LEFT);
            assertStep(s);
        }
    }

    @Test
    void theFragmentOpensAStepAndTheCurrentEdgesAreHighlighted() {
        driver.get(pageUrl + "#step=6");
        assertStep(6);
        // dJ/dc: the gradient comes back along mul -> u and c -> mul, and the contribution 9 is shown on the edge
        assertThat(js("return document.querySelectorAll('.edge.backward').length")).isEqualTo(2L);
        assertThat(js("return Array.from(document.querySelectorAll('.contribution text')).map(t => t.textContent)"))
                .isEqualTo(List.of("9"));
        assertThat(js("return document.querySelector('g.value[data-name=\"c\"]').classList.contains("
                + "'current-backward')")).isEqualTo(true);
        // a later fragment on the same page moves there; one past the end stops at the last step
        driver.get(pageUrl + "#step=2");
        assertStep(2);
        assertThat(js("return document.querySelectorAll('.edge.forward').length")).isEqualTo(3L);
        driver.get(pageUrl + "#step=99");
        assertThat(explain()).isEqualTo(EXPLAIN.get(LAST));
    }

    /** URLs the browser requested since the last call, from Chrome's performance log (DevTools Network events). */
    private static List<String> requested() {
        List<String> urls = new ArrayList<>();
        Json json = new Json();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> m = json.toType(e.getMessage(), Json.MAP_TYPE);
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) m.get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) message.get("params"))
                        .get("request");
                urls.add((String) request.get("url"));
            }
        }
        return urls;
    }

    /**
     * Served from a local HTTP server (resource timing and DevTools see http loads; file:// loads are invisible to
     * resource timing), the page asks for nothing but itself: the server counts requests, the page's resource timing
     * lists none, and Chrome's log of requests holds only the page. A control page with one image shows that each of
     * the three checks sees a request when there is one.
     */
    @Test
    void thePageMakesNoNetworkRequest() throws Exception {
        Files.writeString(dir.resolve("control.html"), "<!DOCTYPE html><img src=\"pixel.svg\">");
        Files.writeString(dir.resolve("pixel.svg"), "<svg xmlns=\"" + "http" + "://www.w3.org/2000/svg\" width=\"1\""
                + " height=\"1\"/>");
        List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            String type = file.toString().endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8";
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            requested();
            driver.get(base + "control.html");
            // (the browser also asks a page without an icon of its own for /favicon.ico)
            assertThat(String.valueOf(js("return performance.getEntriesByType('resource').map(e => e.name)")))
                    .contains(base + "pixel.svg");
            assertThat(requested()).anySatisfy(u -> assertThat(u).endsWith("/pixel.svg"));
            assertThat(served).contains("/control.html", "/pixel.svg");

            served.clear();
            driver.get(base + "graph.html#step=4");
            driver.findElement(By.id("play")).click();
            driver.findElement(By.id("play")).click();
            driver.findElement(By.id("step")).click();
            assertThat(explain()).isEqualTo(EXPLAIN.get(5));
            assertThat(js("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
            assertThat(requested()).containsOnly(base + "graph.html");
            assertThat(served).containsExactly("/graph.html");
        } finally {
            server.stop(0);
        }
        assertThat(html).doesNotContain("http://", "https://");
    }

    @Test
    void screenshotsAtTwoStepsAndAPhoneWidthWindow() throws Exception {
        Path shots = Path.of("target", "explorer");
        Files.createDirectories(shots);
        try {
            for (int step : new int[] {2, 6}) {
                driver.get(pageUrl + "#step=" + step);
                assertThat(explain()).isEqualTo(EXPLAIN.get(step));
                byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertThat(new int[] {image.getWidth(), image.getHeight()}).containsExactly(1280, 800);
                Files.write(shots.resolve("step-" + step + ".png"), png);
            }
            // phone width: nothing wider than the window but the graph's own scrolling box
            viewport(390, 844);
            driver.get(pageUrl + "#step=6");
            assertThat(explain()).isEqualTo(EXPLAIN.get(6));
            long inner = (Long) js("return window.innerWidth");
            assertThat((Long) js("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(inner);
            assertThat((Long) js("return Math.ceil(document.getElementById('explain').getBoundingClientRect().right)"))
                    .isLessThanOrEqualTo(inner);
            // the node receiving the gradient is scrolled into view
            assertThat((Boolean) js("var r = document.querySelector('g.value[data-name=\"c\"]').getBoundingClientRect();"
                    + " return r.left >= 0 && r.right <= window.innerWidth")).isTrue();
            Files.write(shots.resolve("phone-step-6.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            viewport(1280, 800);
        }
    }
}
