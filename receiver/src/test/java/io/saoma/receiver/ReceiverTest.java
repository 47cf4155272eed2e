package io.saoma.receiver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The receiver on a random port with its actuator on another, configured with one
 * account, {@code main}, of {@link ReceiverKafkaContract#KEYS}; a test adds its own
 * settings with {@code @TestPropertySource} and points the receiver at its broker with
 * {@code @DynamicPropertySource}. The context is not reused by other tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = ReceiverApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "wechat.accounts.main.app-id=wxba5fad812f8e6fb9",
				"wechat.accounts.main.token=AAAAA",
				"wechat.accounts.main.encoding-aes-key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
@DirtiesContext
@interface ReceiverTest {

}
