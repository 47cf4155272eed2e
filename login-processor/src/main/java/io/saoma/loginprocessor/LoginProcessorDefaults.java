package io.saoma.loginprocessor;

import io.saoma.common.ApplicationDefaults;

/**
 * The defaults of the login-processor
 * ({@code io/saoma/loginprocessor/login-processor.yml}), applied only to an application
 * started from {@link LoginProcessorApplication}.
 */
public class LoginProcessorDefaults extends ApplicationDefaults {

	public LoginProcessorDefaults() {
		super(LoginProcessorApplication.class, "io/saoma/loginprocessor/login-processor.yml");
	}

}
