package io.saoma.loginprocessor.topology;

import java.time.Instant;

import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.event.WechatEvent;

/**
 * What makes a login scan unusable, checked before it touches any state: a CreateTime
 * that is not a time, or a ticket, openid or scene absurdly long ({@link FieldLimits}).
 */
final class ScanChecks {

	private ScanChecks() {
	}

	/**
	 * Whether a scan's CreateTime can be a time ({@link CreateTimes}), so that it
	 * converts to an {@link Instant} and to epoch millis without overflow.
	 * @param createTimeSeconds CreateTime as sent
	 * @return {@code false} for a negative or absurdly large CreateTime
	 */
	static boolean isUsableCreateTime(long createTimeSeconds) {
		return CreateTimes.isUsable(createTimeSeconds);
	}

	/**
	 * What makes a login scan unusable.
	 * @param scan a login scan
	 * @return the reason, or {@code null} if it can be matched
	 */
	static String invalidReason(WechatEvent scan) {
		if (!isUsableCreateTime(scan.getCreateTime())) {
			return "CreateTime " + scan.getCreateTime() + " is not in [0, 10^11) seconds";
		}
		return FieldLimits.violation(scan);
	}

}
