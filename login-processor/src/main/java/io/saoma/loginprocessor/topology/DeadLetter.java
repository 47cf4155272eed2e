package io.saoma.loginprocessor.topology;

/**
 * A record that could not be decoded, kept byte for byte on its way to the dead-letter topic.
 *
 * @param bytes the value as it was read
 */
record DeadLetter(byte[] bytes) {
}
