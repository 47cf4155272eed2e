package io.saoma.localstack.simulator;

import io.saoma.common.ApplicationDefaults;

/**
 * The defaults of the simulator application ({@code io/saoma/localstack/simulator.yml}).
 */
public class SimulatorDefaults extends ApplicationDefaults {

	public SimulatorDefaults() {
		super(SimulatorApplication.class, "io/saoma/localstack/simulator.yml");
	}

}
