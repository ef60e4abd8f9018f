package org.flotilla.operator.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through Debian's {@code chromium} and {@code chromium-driver} (or
 * {@code CHROME_BIN} / {@code CHROMEDRIVER}), with a fresh profile and no background traffic. A
 * test using it is skipped, with the command that installs them, when they are missing.
 */
final class Browser implements AutoCloseable {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium, or skips the calling test when it is not installed. */
    static Browser start(Path profile) {
        Path chromium = executable("CHROME_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(chromium != null && chromedriver != null,
                "the console's browser test needs Chromium and its driver; install them with '" + INSTALL
                        + "' (Debian) or set CHROME_BIN and CHROMEDRIVER");
        // Selenium must not look for drivers or browsers on the network.
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(service, driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the window (a build artifact under target/). */
    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    private static Path executable(String env, String... defaults) {
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            return Files.isExecutable(p) ? p : null;
        }
        for (String d : defaults) {
            Path p = Path.of(d);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
