package io.ssegate.gateway.publish;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, as the rest of the gateway answers them.
 *
 * @param type always {@code about:blank}: the status says what happened
 * @param title the status's reason phrase
 * @param status the status code
 * @param detail what went wrong
 * @param instance the request's path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance) {

}
