package io.saoma.schemas;

/**
 * Which {@code CreateTime} of a WeChat message can be a time: {@code [0, 10^11)} Unix
 * seconds. 10^11 s is in the year 5138, far beyond any real push and far below what
 * overflows as epoch millis ({@code Long.MAX_VALUE / 1000} ≈ 9.2 × 10^15). The receiver
 * refuses other values; consumers guard against records written before it did.
 */
public final class CreateTimes {

	/** The end (exclusive) of the usable CreateTimes, in Unix seconds. */
	public static final long END_SECONDS = 100_000_000_000L;

	private CreateTimes() {
	}

	/**
	 * Whether a CreateTime can be a time.
	 * @param seconds CreateTime as sent, in Unix seconds
	 * @return {@code false} for a negative or absurdly large value
	 */
	public static boolean isUsable(long seconds) {
		return seconds >= 0 && seconds < END_SECONDS;
	}

}
