package io.saoma.receiver.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SeenNoncesTests {

	private static final byte[] BODY = "<xml>a</xml>".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OTHER = "<xml>b</xml>".getBytes(StandardCharsets.UTF_8);

	private final SeenNonces seen = new SeenNonces(3, Duration.ofSeconds(600));

	@Test
	void shouldAcceptANewPairAndTheSameBodyAgainButNotAnotherBody() {
		assertThat(this.seen.firstOrSameBody("main", "1", "n", BODY, 0)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "1", "n", BODY, 1000)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "1", "n", OTHER, 2000)).isFalse();
		assertThat(this.seen.size()).isOne();
	}

	@Test
	void shouldKeepAccountsTimestampsAndNoncesApart() {
		assertThat(this.seen.firstOrSameBody("main", "1", "n", BODY, 0)).isTrue();
		assertThat(this.seen.firstOrSameBody("shop", "1", "n", OTHER, 0)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "2", "n", OTHER, 0)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "1", "m", OTHER, 0)).isTrue();
	}

	@Test
	void shouldForgetAPairAfterItsTimeToLive() {
		assertThat(this.seen.firstOrSameBody("main", "1", "n", BODY, 0)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "1", "n", OTHER, 599_999)).isFalse();
		assertThat(this.seen.firstOrSameBody("main", "1", "n", OTHER, 600_000)).isTrue();
		assertThat(this.seen.size()).isOne();
	}

	@Test
	void shouldDropTheOldestPairWhenFull() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.seen.firstOrSameBody("main", "1", "n" + i, BODY, i)).isTrue();
		}
		assertThat(this.seen.size()).isEqualTo(3);
		assertThat(this.seen.firstOrSameBody("main", "1", "n0", OTHER, 10)).isTrue();
		assertThat(this.seen.firstOrSameBody("main", "1", "n3", OTHER, 10)).isFalse();
	}

	@Test
	void shouldKeepPairsUntilPushedOutWithoutATimeToLive() {
		SeenNonces forever = new SeenNonces(2, Duration.ZERO);
		assertThat(forever.firstOrSameBody("main", "1", "n", BODY, 0)).isTrue();
		assertThat(forever.firstOrSameBody("main", "1", "n", OTHER, Long.MAX_VALUE - 1)).isFalse();
	}

	@Test
	void shouldRefuseANonPositiveCapacity() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SeenNonces(0, Duration.ofSeconds(1)));
	}

}
