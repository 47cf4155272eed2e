package io.saoma.common.streams;

/**
 * A record that could not be decoded, kept byte for byte on its way to a dead-letter
 * topic.
 *
 * @param bytes the value as it was read
 */
public record DeadLetter(byte[] bytes) {
}
