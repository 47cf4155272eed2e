package io.saoma.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser on the login page of a running local stack, whose login card is the
 * login widget loaded from the login processor: a phone can read the QR code from the
 * screen, the simulator scans it, and the page shows the login; a second scan of the used
 * code shows as rejected; a code nobody scans expires and can be replaced; the page fits
 * a phone-sized window and loads without a failed request. Screenshots of the pages are
 * kept in {@code target/screenshots}.
 */
class LoginPageBrowserIT {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Dimension WINDOW = new Dimension(1280, 1100);

	private static final String PENDING = "Scan the QR code with WeChat";

	private static final By QR = By.cssSelector("#login .saoma-login__qr");

	private static final By STATUS = By.cssSelector("#login .saoma-login__status");

	private static final By OVERLAY = By.cssSelector("#login .saoma-login__overlay");

	private static final By NEW_CODE = By.cssSelector("#login .saoma-login__retry");

	private static LocalStack stack;

	private static ChromeDriver browser;

	@BeforeAll
	static void start() throws IOException {
		assumeTrue(Browsers.available(),
				"Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
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

	@AfterEach
	void restoreWindow() {
		if (browser != null) {
			browser.manage().window().setSize(WINDOW);
		}
	}

	@Test
	void shouldShowAQrCodeAPhoneCanReadFromTheScreenWhileTheLoginIsPending() throws IOException {
		openPendingPage("");
		String qrContent = browser.findElement(By.id("login")).getAttribute("data-qr-content");
		assertThat(qrContent).startsWith("http://weixin.qq.com/q/");

		byte[] screen = screenshot("pending.png");
		assertThat(ScreenshotQrDecoder.decode(screen)).as("the QR code read from a screenshot").contains(qrContent);
		assertThat(browser.findElement(OVERLAY).isDisplayed()).as("overlay over the QR code").isFalse();
		assertThat(browser.findElement(NEW_CODE).isDisplayed()).as("New code button").isFalse();
	}

	@Test
	void shouldShowLoggedInWithinTenSecondsWhenANewFollowerScansTheQrCode() throws IOException {
		openPendingPage("");
		String openId = browser.findElement(By.id("openid")).getAttribute("value");

		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, "Logged in"));

		String identity = browser.findElement(By.id("identity")).getText();
		assertThat(identity).contains("new follower").contains(openId.substring(0, 4)).doesNotContain(openId);
		String unionId = io.saoma.localstack.simulator.WechatPlatform.unionIdOf(openId);
		assertThat(identity).as("the profile's unionid, masked")
			.contains("unionid " + unionId.substring(0, 4) + "…" + unionId.substring(unionId.length() - 3))
			.doesNotContain(unionId)
			.contains("ADD_SCENE_QR_CODE");
		await(Duration.ofSeconds(10)).until((driver) -> !driver.findElement(By.id("authing")).getText().isEmpty());
		await(Duration.ofSeconds(10)).until(
				ExpectedConditions.textMatches(By.id("topics"), Pattern.compile("(?s).*wechat\\.logins.*SUCCEEDED.*")));
		await(Duration.ofSeconds(15)).until(ExpectedConditions.textMatches(By.id("scan-result"),
				Pattern.compile("(?s).*login processor decided: SUCCEEDED.*")));
		screenshot("logged-in.png");
	}

	@Test
	void shouldShowTheWelcomeAndThenTheLoginConfirmationOnThePhone() throws IOException {
		openPendingPage("");

		browser.findElement(By.id("scan-new")).click();

		// the receiver's passive reply to the subscribe push, decrypted as WeChat would
		await(Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat"), DemoAccount.WELCOME_TEXT));
		// then the login processor's customer-service message, once the login succeeded
		await(Duration.ofSeconds(20))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat"), "登录 saoma 演示站"));
		List<String> bubbles = browser.findElements(By.cssSelector("#chat li"))
			.stream()
			.map(org.openqa.selenium.WebElement::getText)
			.toList();
		assertThat(bubbles).hasSize(2);
		assertThat(bubbles.get(0)).isEqualTo(DemoAccount.WELCOME_TEXT);
		assertThat(bubbles.get(1)).startsWith("你已于 ").doesNotContain("{time}");
		screenshot("phone-chat.png");
	}

	@Test
	void shouldShowThatAnotherScanOfAUsedCodeIsRejectedWhileStayingLoggedIn() throws IOException {
		openPendingPage("");
		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, "Logged in"));
		String firstUser = browser.findElement(By.id("openid")).getAttribute("value");
		browser.findElement(By.id("generate")).click();
		await(Duration.ofSeconds(10))
			.until((driver) -> !driver.findElement(By.id("openid")).getAttribute("value").equals(firstUser));

		browser.findElement(By.id("scan-existing")).click();
		await(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("scan-note")));

		assertThat(browser.findElement(By.id("scan-note")).getText())
			.isEqualTo("A repeated scan of this code was rejected: ticket already used");
		assertThat(browser.findElement(By.id("scan-result")).getText()).contains("receiver answered: success")
			.contains("login processor decided: REJECTED (ticket already used)");
		assertThat(browser.findElement(STATUS).getText()).isEqualTo("Logged in");
		screenshot("rejected-rescan.png");
	}

	@Test
	void shouldShowTheExpiredStateAndOfferANewCode() throws IOException {
		// renew=0: the widget does not replace the expired code by itself
		browser.get(stack.loginPageUrl() + "?ttl=3&renew=0");
		awaitQrImage();
		String expiredQr = browser.findElement(QR).getAttribute("src");
		await(Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(STATUS, "This QR code expired."));
		assertThat(browser.findElement(NEW_CODE).isDisplayed()).isTrue();
		assertThat(browser.findElement(NEW_CODE).getText()).isEqualTo("New QR code");
		assertThat(browser.findElement(OVERLAY).getText()).isEqualTo("This QR code expired.");
		screenshot("expired.png");

		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10))
			.until(ExpectedConditions.textMatches(By.id("scan-result"), Pattern.compile("This QR code has expired.*")));
		assertThat(browser.findElement(By.id("scan-result")).getText()).matches("\\p{ASCII}*");

		browser.findElement(NEW_CODE).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, PENDING));
		assertThat(browser.findElement(QR).getAttribute("src")).isNotEqualTo(expiredQr);
	}

	@Test
	void shouldFitAPhoneSizedWindowWithoutScrollingSideways() throws IOException {
		browser.manage().window().setSize(new Dimension(400, 900));
		openPendingPage("");
		assertFitsTheWindow();
		assertThat(ScreenshotQrDecoder.decode(screenshot("narrow.png"))).isPresent();

		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, "Logged in"));
		await(Duration.ofSeconds(15)).until(ExpectedConditions.textMatches(By.id("scan-result"),
				Pattern.compile("(?s).*login processor decided.*")));
		assertFitsTheWindow();
		screenshot("narrow-logged-in.png");
	}

	@Test
	void shouldServeAFaviconSoTheBrowserLogsNoFailedRequest() throws Exception {
		browser.manage().logs().get(LogType.BROWSER);
		openPendingPage("");
		Object iconLoaded = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const link = document.querySelector('link[rel~="icon"]');
				if (!link) { done('no icon link'); return; }
				const icon = new Image();
				icon.onload = () => done(icon.naturalWidth > 0);
				icon.onerror = () => done('icon failed to load: ' + link.href);
				icon.src = link.href;""");
		HttpResponse<byte[]> favicon = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.loginPageUrl() + "favicon.ico")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		List<String> failedLoads = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Failed to load resource"))
			.toList();

		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(iconLoaded).as("the page's icon").isEqualTo(Boolean.TRUE);
			softly.assertThat(favicon.statusCode()).as("GET /favicon.ico").isEqualTo(200);
			softly.assertThat(favicon.headers().firstValue("Content-Type"))
				.as("type of /favicon.ico")
				.hasValueSatisfying((type) -> assertThat(type).startsWith("image/"));
			softly.assertThat(failedLoads).as("failed loads in the browser's console").isEmpty();
		});
	}

	@Test
	void shouldChartTheLoginFunnelOfTheLoginsMadeOnThePage() throws IOException {
		openPendingPage("");
		browser.findElement(By.id("scan-new")).click();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, "Logged in"));

		// polled every 3 s; the login counts once its transaction commits
		await(Duration.ofSeconds(20)).until((driver) -> Long.parseLong(java.util.Objects
			.requireNonNullElse(driver.findElement(By.id("funnel")).getAttribute("data-succeeded"), "0")) >= 1);
		assertThat(browser.findElement(By.id("funnel-summary")).getText())
			.matches("Last 15 minutes: started \\d+ → scanned \\d+ \\(\\d+%\\) → succeeded \\d+ \\(\\d+%\\) .*");
		assertThat(browser.findElements(By.cssSelector("#funnel-conversion rect.succeeded")))
			.as("a bar per minute, the current one as high as its count")
			.hasSize(15)
			.anySatisfy((bar) -> assertThat(Double.parseDouble(bar.getAttribute("height"))).isPositive());
		assertThat(browser.findElements(By.cssSelector("#funnel-time circle.p50"))).as("the time to scan of a minute")
			.isNotEmpty();
		browser.executeScript("document.getElementById('funnel').scrollIntoView();");
		screenshot("login-funnel.png");
	}

	private static void openPendingPage(String query) {
		browser.get(stack.loginPageUrl() + query);
		awaitQrImage();
		await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(STATUS, PENDING));
	}

	private static void assertFitsTheWindow() {
		long clientWidth = (Long) browser.executeScript("return document.documentElement.clientWidth;");
		long scrollWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
		assertThat(scrollWidth).as("page width in a %d px wide viewport", clientWidth).isLessThanOrEqualTo(clientWidth);
		for (String id : List.of("#login .saoma-login__qr", "#scan-new", "#scan-existing", "#scan-result")) {
			Rectangle box = browser.findElement(By.cssSelector(id)).getRect();
			assertThat(box.getX()).as("left of #%s", id).isGreaterThanOrEqualTo(0);
			assertThat(box.getX() + box.getWidth()).as("right of #%s", id).isLessThanOrEqualTo((int) clientWidth);
		}
	}

	private static void awaitQrImage() {
		await(Duration.ofSeconds(15)).until((driver) -> (Boolean) ((ChromeDriver) driver)
			.executeScript("const img = document.querySelector('#login .saoma-login__qr');"
					+ " return img !== null && img.complete && img.naturalWidth > 0;"));
	}

	private static WebDriverWait await(Duration timeout) {
		return new WebDriverWait(browser, timeout);
	}

	private static byte[] screenshot(String name) throws IOException {
		byte[] png = browser.getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name), png);
		return png;
	}

}
