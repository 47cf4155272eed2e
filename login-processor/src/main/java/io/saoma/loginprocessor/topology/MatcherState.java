package io.saoma.loginprocessor.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The matcher's state in one task: its tickets, held and seen scans, and the time index
 * of all of them, which the sweep reads.
 *
 * @param tickets pending and used tickets
 * @param held scans that arrived before their ticket
 * @param seen scans seen within the de-duplication retention
 * @param deadlines when each piece of state falls due
 */
record MatcherState(Tickets tickets, HeldScans held, SeenScans seen, Deadlines deadlines) {

	/**
	 * The state over a task's stores.
	 * @param context the task's context
	 * @param settings the settings
	 * @return the state
	 */
	static MatcherState of(ProcessorContext<?, ?> context, LoginTopologySettings settings) {
		Deadlines deadlines = new Deadlines(context.getStateStore(LoginTopology.DEADLINES));
		return new MatcherState(
				new Tickets(context.getStateStore(LoginTopology.PENDING_TICKETS),
						context.getStateStore(LoginTopology.USED_TICKETS), deadlines),
				new HeldScans(context.getStateStore(LoginTopology.HELD_SCANS), deadlines, settings.scanGrace()),
				new SeenScans(context.getStateStore(LoginTopology.SEEN_SCANS), deadlines, settings.dedupRetention()),
				deadlines);
	}

}
