package io.saoma.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser on the login page of a running local stack: it sees the QR code, the simulator scans it, and the
 * page shows the login; a code nobody scans expires and can be replaced. Screenshots of each final page are kept in
 * {@code target/screenshots}.
 */
class LoginPageBrowserIT {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static LocalStack stack;

	private static ChromeDriver browser;

	@BeforeAll
	static void start() throws IOException {
		assumeTrue(Browsers.available(), "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
		stack = LocalStack.start(StackPorts.free(), StackSettings.simulated());
		browser = Browsers.chromium();
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldShowLoggedInWithinTenSecondsWhenANewFollowerScansTheQrCode() throws IOException {
		browser.get(stack.loginPageUrl());
		awaitQrImage();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("status"), "Scan the QR code with WeChat"));
		String openId = browser.findElement(By.id("openid")).getAttribute("value");

		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("status"), "Logged in"));

		String identity = browser.findElement(By.id("identity")).getText();
		assertThat(identity).contains("new follower").contains(openId.substring(0, 4)).doesNotContain(openId);
		await(Duration.ofSeconds(10)).until((driver) -> !driver.findElement(By.id("authing")).getText().isEmpty());
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textMatches(By.id("topics"),
				java.util.regex.Pattern.compile("(?s).*wechat\\.logins.*SUCCEEDED.*")));
		screenshot("logged-in.png");
	}

	@Test
	void shouldShowTheExpiredStateAndOfferANewCode() throws IOException {
		browser.get(stack.loginPageUrl() + "?ttl=3");
		awaitQrImage();
		String expiredQr = browser.findElement(By.id("qr")).getAttribute("src");
		await(Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.id("status"), "This QR code expired."));
		assertThat(browser.findElement(By.id("new-code")).isDisplayed()).isTrue();
		screenshot("expired.png");

		browser.findElement(By.id("new-code")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("status"), "Scan the QR code with WeChat"));
		assertThat(browser.findElement(By.id("qr")).getAttribute("src")).isNotEqualTo(expiredQr);
	}

	private static void awaitQrImage() {
		await(Duration.ofSeconds(15)).until((driver) -> (Boolean) ((ChromeDriver) driver).executeScript(
				"const img = document.getElementById('qr'); return img.complete && img.naturalWidth > 0;"));
	}

	private static WebDriverWait await(Duration timeout) {
		return new WebDriverWait(browser, timeout);
	}

	private static void screenshot(String name) throws IOException {
		Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
