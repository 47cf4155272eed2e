package io.saoma.faults;

import java.util.List;
import java.util.Map;

import io.saoma.testsupport.kafka.KafkaBrokerProcess;
import io.saoma.testsupport.kafka.TopicReader;

/**
 * The login path as separate processes: a broker process, the simulator (WeChat API and
 * phone), a receiver and two login processor instances ({@code login-a}, {@code login-b})
 * on API ports of their own, sharing one Streams application id, so each owns part of the
 * logins and passes the other's requests on.
 */
final class LoginStack implements AutoCloseable {

	private final KafkaBrokerProcess broker;

	private final Services services;

	private final ServiceProcess simulator;

	private final ServiceProcess receiver;

	private final ServiceProcess loginA;

	private final Map<String, String> loginProperties;

	private ServiceProcess loginB;

	private final String apiA;

	private final String apiB;

	private LoginStack(KafkaBrokerProcess broker, Services services, ServiceProcess simulator, ServiceProcess receiver,
			ServiceProcess loginA, String apiA, String apiB, Map<String, String> loginProperties) {
		this.broker = broker;
		this.services = services;
		this.simulator = simulator;
		this.receiver = receiver;
		this.loginA = loginA;
		this.apiA = apiA;
		this.apiB = apiB;
		this.loginProperties = loginProperties;
	}

	/**
	 * Starts everything.
	 * @param loginProperties further properties of both login processor instances
	 * @return the running stack
	 */
	static LoginStack start(Map<String, String> loginProperties) {
		LoginStack stack = startWithOneInstance(loginProperties);
		try {
			stack.startLoginB();
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
		return stack;
	}

	/**
	 * Starts everything but instance B, for a scenario that scales out.
	 * @param loginProperties further properties of both login processor instances
	 * @return the running stack
	 */
	static LoginStack startWithOneInstance(Map<String, String> loginProperties) {
		KafkaBrokerProcess broker = KafkaBrokerProcess.start();
		ServiceProcess simulator = null;
		ServiceProcess receiver = null;
		ServiceProcess loginA = null;
		try {
			Services services = new Services(broker);
			services.createTopics();
			simulator = services.simulator();
			receiver = services.receiver();
			int portA = services.ports().loginProcessor();
			int portB = ListenPorts.next();
			loginA = services.loginProcessor("login-a", portA, loginProperties);
			return new LoginStack(broker, services, simulator, receiver, loginA, "http://127.0.0.1:" + portA,
					"http://127.0.0.1:" + portB, loginProperties);
		}
		catch (RuntimeException ex) {
			for (ServiceProcess started : new ServiceProcess[] { loginA, receiver, simulator }) {
				if (started != null) {
					started.close();
				}
			}
			broker.close();
			throw ex;
		}
	}

	/** Starts instance B on its API port (a scale-out when A already runs). */
	void startLoginB() {
		int port = Integer.parseInt(this.apiB.substring(this.apiB.lastIndexOf(':') + 1));
		this.loginB = this.services.loginProcessor("login-b", port, this.loginProperties);
	}

	KafkaBrokerProcess broker() {
		return this.broker;
	}

	TopicReader topics() {
		return TopicReader.of(this.broker);
	}

	ServiceProcess loginA() {
		return this.loginA;
	}

	ServiceProcess loginB() {
		return this.loginB;
	}

	/**
	 * @return the login API base URLs of instance A and instance B
	 */
	List<String> apis() {
		return List.of(this.apiA, this.apiB);
	}

	/**
	 * @return the simulator's base URL (the phone's scans)
	 */
	String simulatorUrl() {
		return this.services.ports().url(this.services.ports().page());
	}

	/**
	 * @return the receiver's server URL for the demo account
	 */
	String receiverUrl() {
		return this.services.ports().url(this.services.ports().receiver()) + "/wechat/"
				+ io.saoma.localstack.DemoAccount.ID;
	}

	/**
	 * Starts a forwarder relaying the demo account's pushes.
	 * @param eventsUrl where to
	 * @return the running forwarder, for the caller to close
	 */
	ServiceProcess forwarder(String eventsUrl) {
		return this.services.forwarder("forwarder", Map.of(io.saoma.localstack.DemoAccount.ID, eventsUrl), Map.of());
	}

	ServiceProcess receiver() {
		return this.receiver;
	}

	@Override
	public void close() {
		if (this.loginB != null) {
			this.loginB.close();
		}
		this.loginA.close();
		this.receiver.close();
		this.simulator.close();
		this.broker.close();
	}

}
