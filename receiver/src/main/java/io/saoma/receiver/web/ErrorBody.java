package io.saoma.receiver.web;

/**
 * The body of every error answer.
 *
 * @param error the outcome tag, e.g. {@code bad_signature}
 * @param message a short reason; never contains secrets or the request body
 */
public record ErrorBody(String error, String message) {

}
