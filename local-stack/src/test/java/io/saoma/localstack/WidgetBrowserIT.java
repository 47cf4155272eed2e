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
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The login widget on another site, as its visitors use it: a page on an origin of its
 * own, under a strict Content-Security-Policy (no {@code 'unsafe-inline'}, only the site
 * and the login processor), loads the widget from the login processor and mounts it from
 * its own script. A phone reads the QR code from the screen and the simulator scans it;
 * the site gets the code once and its backend redeems it with its PKCE verifier; a code
 * nobody scans is replaced by a new one that logs in too; a failure offers a retry button
 * reached and pressed with the keyboard; both languages show their texts; without
 * EventSource the widget polls; a start refused with 429 is retried after its
 * {@code Retry-After}. No test causes a single CSP violation. Screenshots of each state
 * are kept in {@code target/widget-screenshots}.
 */
class WidgetBrowserIT {

	private static final Path SCREENSHOTS = Path.of("target", "widget-screenshots");

	private static final String WAITING_ZH = "请使用微信扫一扫，关注公众号即可登录";

	private static final String WAITING_EN = "Scan the QR code with WeChat";

	private static LocalStack stack;

	private static WidgetTestSite site;

	private static ChromeDriver browser;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		assumeTrue(Browsers.available(),
				"Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
		StackPorts ports = StackPorts.free();
		site = WidgetTestSite.start(ports.url(ports.loginProcessor()));
		// three logins at once, then one a second (Retry-After: 1); streams and QR images
		// of several widgets at once within the per-client limit
		stack = LocalStack.start(ports,
				StackSettings.simulated()
					.withSiteOrigin(site.origin())
					.withLoginProcessorProperty("login.limits.client-starts", "3")
					.withLoginProcessorProperty("login.limits.client-starts-period", "3s")
					.withLoginProcessorProperty("login.limits.max-streams-per-client", "50"));
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
		if (site != null) {
			site.close();
		}
	}

	@AfterEach
	void shouldHaveCausedNoContentSecurityPolicyViolation() {
		if (browser == null) {
			return;
		}
		assertThat(browser.findElements(By.cssSelector("#violations li")).stream().map(WebElement::getText))
			.as("CSP violations the page recorded")
			.isEmpty();
		assertThat(browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to")))
			.as("CSP messages in the browser's console")
			.isEmpty();
		// CSP lets a script set element.style (CSSOM) even without 'unsafe-inline': the
		// widget does not do that either, all its styling is in its stylesheet
		assertThat(browser.findElements(By.cssSelector(".saoma-login[style], .saoma-login [style], style")))
			.as("inline styles and <style> elements")
			.isEmpty();
		site.backendDown(false);
	}

	@Test
	void shouldLogInFromAnotherOriginUnderAStrictPolicyAndHandTheCodeToTheSiteOnce() throws Exception {
		open("");
		String qrContent = awaitWaiting("zh-CN", WAITING_ZH);
		assertThat(qr("zh-CN").getAttribute("alt")).isEqualTo("微信登录二维码，请使用微信扫一扫");
		assertThat(qr("zh-CN").getAttribute("src")).startsWith(stack.ports().url(stack.ports().loginProcessor()));
		assertThat(text("zh-CN", ".saoma-login__countdown")).matches("\\d:\\d\\d 后过期");
		assertThat(browser.findElement(By.cssSelector("#site-zh-CN .saoma-login__countdown")).getAttribute("aria-live"))
			.isEqualTo("off");
		WebElement status = browser.findElement(By.cssSelector("#site-zh-CN .saoma-login__status"));
		assertThat(status.getAttribute("role")).isEqualTo("status");
		assertThat(status.getAttribute("aria-live")).isEqualTo("polite");
		assertThat(decodeScreen("waiting-zh.png")).as("the QR code read from the screen").contains(qrContent);

		scan(qrContent);

		await(Duration.ofSeconds(15)).until((driver) -> "success".equals(state("zh-CN")));
		assertThat(text("zh-CN", ".saoma-login__status")).isEqualTo("登录成功");
		await(Duration.ofSeconds(5)).until((driver) -> text("zh-CN", ".identity").startsWith("signed in as o"));
		assertThat(browser.findElements(By.cssSelector("#site-zh-CN .codes li"))).as("codes handed to the site")
			.hasSize(1);
		assertThat(browser.findElement(By.cssSelector("#site-zh-CN .saoma-login__countdown")).isDisplayed()).isFalse();
		screenshot("logged-in-zh.png");
	}

	@Test
	void shouldReplaceAnExpiredCodeByANewDecodableOneThatLogsIn() throws Exception {
		open("?locales=en&ttl=6");
		String first = awaitWaiting("en", WAITING_EN);
		assertThat(decodeScreen("before-expiry.png")).contains(first);

		await(Duration.ofSeconds(20)).until((driver) -> !first.equals(section("en").getAttribute("data-qr-content"))
				&& "waiting".equals(state("en")));
		String renewed = section("en").getAttribute("data-qr-content");
		Optional<String> onScreen = decodeScreen("renewed.png");
		assertThat(onScreen).as("the new QR code read from the screen").contains(renewed);
		assertThat(renewed).isNotEqualTo(first);

		scan(renewed);

		await(Duration.ofSeconds(15)).until((driver) -> "success".equals(state("en")));
		assertThat(text("en", ".saoma-login__status")).isEqualTo("Logged in");
		await(Duration.ofSeconds(5)).until((driver) -> text("en", ".identity").startsWith("signed in as o"));
		assertThat(browser.findElements(By.cssSelector("#site-en .codes li"))).hasSize(1);
		screenshot("renewed-logged-in.png");
	}

	@Test
	void shouldOfferARetryButtonReachedAndPressedWithTheKeyboardAfterAFailure() throws Exception {
		site.backendDown(true);
		open("?locales=en");
		await(Duration.ofSeconds(10)).until((driver) -> "error".equals(state("en")));
		assertThat(text("en", ".saoma-login__status")).isEqualTo("Could not get a QR code. Please try again.");
		assertThat(text("en", ".errors")).isEqualTo("challenge_failed");
		site.backendDown(false);

		new Actions(browser).sendKeys(Keys.TAB).perform();
		WebElement retry = browser.findElement(By.cssSelector("#site-en .saoma-login__retry"));
		assertThat(retry.getTagName()).isEqualTo("button");
		assertThat(retry.getText()).isEqualTo("Try again");
		assertThat(browser.switchTo().activeElement()).as("focused after one Tab").isEqualTo(retry);
		assertThat(browser.executeScript("return document.activeElement.matches(':focus-visible')"
				+ " && getComputedStyle(document.activeElement).outlineStyle !== 'none'"))
			.as("a visible focus ring")
			.isEqualTo(Boolean.TRUE);
		screenshot("error-retry-focused.png");

		new Actions(browser).sendKeys(Keys.ENTER).perform();
		String qrContent = awaitWaiting("en", WAITING_EN);
		assertThat(browser.executeScript("return document.activeElement.classList.contains('saoma-login')"))
			.as("focus stays in the widget when the button goes")
			.isEqualTo(Boolean.TRUE);
		assertThat(decodeScreen("after-retry.png")).contains(qrContent);
	}

	@Test
	void shouldShowTheChineseAndEnglishTexts() throws Exception {
		open("?locales=zh-CN,en");
		awaitWaiting("zh-CN", WAITING_ZH);
		awaitWaiting("en", WAITING_EN);
		assertThat(qr("en").getAttribute("alt")).isEqualTo("QR code to log in: scan it with WeChat");
		assertThat(text("en", ".saoma-login__countdown")).matches("expires in \\d:\\d\\d");
		assertThat(text("zh-CN", ".saoma-login__countdown")).matches("\\d:\\d\\d 后过期");
		assertThat(browser.findElement(By.cssSelector("#site-zh-CN .saoma-login")).getAttribute("lang"))
			.isEqualTo("zh-CN");
		screenshot("both-locales.png");
	}

	@Test
	void shouldPollForTheStatusWhereServerSentEventsAreUnavailable() throws Exception {
		open("?locales=en&nosse=1");
		String qrContent = awaitWaiting("en", WAITING_EN);
		scan(qrContent);
		await(Duration.ofSeconds(15)).until((driver) -> "success".equals(state("en")));
		assertThat(browser.findElements(By.cssSelector("#site-en .codes li"))).hasSize(1);
	}

	@Test
	void shouldStartAgainAfterRetryAfterWhenTooManyLoginsAreStartedAtOnce() {
		open("?burst=5");
		List<String> burst = List.of("burst-0", "burst-1", "burst-2", "burst-3", "burst-4");
		await(Duration.ofSeconds(20)).until((driver) -> burst.stream()
			.allMatch((id) -> "waiting"
				.equals(driver.findElement(By.cssSelector("#" + id + " .saoma-login")).getAttribute("data-state"))));

		List<String> histories = burst.stream()
			.map((id) -> browser.findElement(By.id(id)).getAttribute("data-states"))
			.toList();
		assertThat(histories).as("what each widget went through")
			.anyMatch((states) -> states.contains("rate-limited: Too many attempts; trying again in 1 s"));
		assertThat(browser.findElements(By.cssSelector(".site-login .errors li")).stream().map(WebElement::getText))
			.as("errors the site was told of")
			.isNotEmpty()
			.allMatch("too_many_requests"::equals);
		assertThat(burst.stream().map((id) -> browser.findElement(By.id(id)).getAttribute("data-qr-content")))
			.as("a QR code each")
			.doesNotHaveDuplicates()
			.allMatch((content) -> content.startsWith("http://weixin.qq.com/q/"));
	}

	private void open(String query) {
		browser.manage().logs().get(LogType.BROWSER);
		browser.get(site.origin() + "/" + query);
	}

	/**
	 * Waits until the widget of a locale shows its QR code (loaded) and says so.
	 * @return the QR code's content, as the site learned it from the widget
	 */
	private static String awaitWaiting(String locale, String text) {
		await(Duration.ofSeconds(15))
			.until((driver) -> "waiting".equals(state(locale)) && Boolean.TRUE.equals(((ChromeDriver) driver)
				.executeScript("const img = arguments[0]; return img.complete && img.naturalWidth > 0;", qr(locale))));
		assertThat(text(locale, ".saoma-login__status")).isEqualTo(text);
		return section(locale).getAttribute("data-qr-content");
	}

	private void scan(String qrContent) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(stack.loginPageUrl() + "sim/api/scan"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"qrContent\": \"" + qrContent + "\", \"newFollower\": true}"))
			.build();
		HttpResponse<String> answer = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as("the simulator's scan: %s", answer.body()).isEqualTo(200);
	}

	private static WebElement section(String locale) {
		return browser.findElement(By.id("site-" + locale));
	}

	private static WebElement qr(String locale) {
		return browser.findElement(By.cssSelector("#site-" + locale + " .saoma-login__qr"));
	}

	private static String state(String locale) {
		List<WebElement> roots = browser.findElements(By.cssSelector("#site-" + locale + " .saoma-login"));
		return roots.isEmpty() ? null : roots.get(0).getAttribute("data-state");
	}

	private static String text(String locale, String selector) {
		return browser.findElement(By.cssSelector("#site-" + locale + " " + selector)).getText();
	}

	private static WebDriverWait await(Duration timeout) {
		return new WebDriverWait(browser, timeout);
	}

	private static Optional<String> decodeScreen(String name) throws IOException {
		return ScreenshotQrDecoder.decode(screenshot(name));
	}

	private static byte[] screenshot(String name) throws IOException {
		byte[] png = browser.getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name), png);
		return png;
	}

}
