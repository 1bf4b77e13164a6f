package dev.canopy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.canopy.tools.local.Waits;

/**
 * Headless Debian chromium driven through chromedriver (both from the distribution; Selenium Manager never
 * downloads anything), with screenshots checked to be real pages.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("canopy.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("canopy.chromedriver", "/usr/bin/chromedriver"));

    final WebDriver driver;
    private final Path screenshots;

    private Browser(WebDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Skips the calling test class (JUnit assumption) when no browser is installed, the only reason to skip. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install -y chromium "
                        + "chromium-driver; .ci/run installs them when running as root)");
    }

    static Browser start(Path screenshots) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--disable-gpu", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Browser(driver, screenshots);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Clicks what submits a form or follows a link and waits until the next page replaced this one. */
    void clickAndWait(By target) {
        WebElement element = driver.findElement(target);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(element));
    }

    /**
     * Whether the page the element was on has been replaced. {@code ExpectedConditions.stalenessOf} only counts a
     * StaleElementReferenceException; while the next page is loading, chromedriver may instead answer "Node with
     * given id does not belong to the document" (seen once in a full run: the sign-in's submit button), which is the
     * same fact.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Reloads {@code url} until {@code condition} holds (pages render server-side: a reload shows the new state). */
    void reloadUntil(String url, BooleanSupplier condition, Duration timeout, String what) {
        boolean met = Waits.until(() -> {
            open(url);
            return condition.getAsBoolean();
        }, timeout, Duration.ofMillis(1500));
        if (!met) {
            throw new AssertionError("not within " + timeout + ": " + what + "; page: " + driver.getCurrentUrl()
                    + "\n" + driver.findElement(By.tagName("main")).getText());
        }
    }

    /**
     * A PNG of the current page under target/, checked: a real rendering (several colours, not blank) and, unless
     * {@code errorExpected}, not an error page.
     */
    Path screenshot(String name, boolean errorExpected) {
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight() && colours.size() < 50; y += 7) {
                for (int x = 0; x < image.getWidth() && colours.size() < 50; x += 7) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertThat(png.length).as("screenshot %s size", name).isGreaterThan(5_000);
            assertThat(colours.size()).as("screenshot %s shows a rendered page", name).isGreaterThanOrEqualTo(10);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(present("header.top")).as("%s is a console page", name).isTrue();
        assertThat(present("section.error")).as("%s is %san error page: %s", name, errorExpected ? "" : "not ",
                driver.findElement(By.tagName("main")).getText()).isEqualTo(errorExpected);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
