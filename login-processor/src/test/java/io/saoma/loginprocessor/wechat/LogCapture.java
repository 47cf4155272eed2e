package io.saoma.loginprocessor.wechat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Records what this package logs, to check both that failures are logged and that no
 * secret ever is.
 */
final class LogCapture implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger(WechatApiException.class.getPackageName());

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Level previousLevel = this.logger.getLevel();

	LogCapture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setLevel(Level.DEBUG);
	}

	/** Every line at {@code level} or above, formatted, with any stack trace. */
	List<String> lines(Level level) {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(level))
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy())
							: ""))
			.toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previousLevel);
	}

}
