package io.saoma.bench.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The run's targets and its receiver-versus-peer verdict, from step figures (no load is
 * run).
 */
class ReceiverUnderLoadTests {

	@Test
	void targetsAreReadInOrderWithoutDuplicates() {
		assertThat(ReceiverUnderLoad.targets("receiver,peer")).containsExactly("receiver", "peer");
		assertThat(ReceiverUnderLoad.targets(" Peer , receiver,peer")).containsExactly("peer", "receiver");
		assertThat(ReceiverUnderLoad.targets("receiver")).containsExactly("receiver");
	}

	@Test
	void anUnknownTargetIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReceiverUnderLoad.targets("receiver,netty"))
			.withMessageContaining("netty");
	}

	@Test
	void theTableHasATargetColumnBeforeEachStepsFigures() {
		String[] header = ReceiverUnderLoad.header().split("\n");
		String row = new ReceiverUnderLoad.Row("peer", passed(1000, 3), 100).line();

		assertThat(header[0]).startsWith("| target | rate/s |");
		assertThat(header[1]).startsWith("|---|---:|");
		assertThat(row).startsWith("| peer | 1,000 |").endsWith("| 100 |");
		assertThat(header[0]).endsWith("| CPU µs/push |");
		assertThat(row.chars().filter((c) -> c == '|').count())
			.isEqualTo(header[0].chars().filter((c) -> c == '|').count());
	}

	@Test
	void theReceiverIsFasterWhenItPassesAHigherRateThanThePeer() {
		List<ReceiverUnderLoad.Row> rows = List.of(new ReceiverUnderLoad.Row("receiver", passed(1000, 3), 100),
				new ReceiverUnderLoad.Row("peer", passed(1000, 4), 100),
				new ReceiverUnderLoad.Row("receiver", passed(2000, 5), 100),
				new ReceiverUnderLoad.Row("peer", failed(2000), 100));

		assertThat(ReceiverUnderLoad.verdict(rows)).startsWith("receiver faster than the peer")
			.contains("2,000/s vs 1,000/s");
	}

	@Test
	void theReceiverIsReportedSlowerWhenThePeerPassesAHigherRate() {
		List<ReceiverUnderLoad.Row> rows = List.of(new ReceiverUnderLoad.Row("receiver", failed(1000), 100),
				new ReceiverUnderLoad.Row("peer", passed(1000, 4), 100));

		assertThat(ReceiverUnderLoad.verdict(rows)).startsWith("receiver SLOWER than the peer");
	}

	@Test
	void atTheSameHighestRateTheP99sAreCompared() {
		List<ReceiverUnderLoad.Row> rows = List.of(new ReceiverUnderLoad.Row("receiver", passed(1000, 3), 100),
				new ReceiverUnderLoad.Row("peer", passed(1000, 4), 100),
				new ReceiverUnderLoad.Row("receiver", failed(2000), 100),
				new ReceiverUnderLoad.Row("peer", failed(2000), 100));

		assertThat(ReceiverUnderLoad.verdict(rows)).contains("both pass up to 1,000/s")
			.contains("3.0 ms (receiver) vs 4.0 ms (peer)");
	}

	@Test
	void whenNeitherPassesTheFirstStepsAnswersAreCompared() {
		List<ReceiverUnderLoad.Row> rows = List.of(new ReceiverUnderLoad.Row("receiver", failed(1000), 100),
				new ReceiverUnderLoad.Row("peer", failed(1000), 100));

		assertThat(ReceiverUnderLoad.verdict(rows)).isEqualTo("neither target passed a step; at 1,000/s the receiver"
				+ " answered 500/s (7 errors), the peer 500/s (7 errors)\n");
	}

	@Test
	void cpuPerPushIsComparedAtTheHighestRateBothWereMeasuredAt() {
		List<ReceiverUnderLoad.Row> rows = List.of(new ReceiverUnderLoad.Row("receiver", passed(1000, 3), 150),
				new ReceiverUnderLoad.Row("peer", passed(1000, 4), 600),
				new ReceiverUnderLoad.Row("receiver", passed(2000, 5), 120),
				new ReceiverUnderLoad.Row("peer", failed(2000), 480),
				new ReceiverUnderLoad.Row("receiver", failed(4000), 110));

		assertThat(ReceiverUnderLoad.cpuComparison(rows))
			.startsWith("CPU per push at 2,000/s: receiver 120 µs, peer 480 µs (4.0× less for the receiver)");
	}

	private static StepResult passed(double rate, double p99) {
		return new StepResult(rate, rate, (long) rate, (long) rate, 0, 1, p99, p99, p99, 100);
	}

	private static StepResult failed(double rate) {
		return new StepResult(rate, rate / 2, (long) rate, (long) rate / 2, 7, 900, 2000, 3000, 4000, 200);
	}

}
