package io.saoma.bench.peer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one official account the peer serves (the bench uses the local stack's {@code demo}
 * account; see {@code application.yml}).
 *
 * @param name the account in the URL, {@code /wechat/{name}}
 * @param appId the AppID
 * @param token the server token (URL verification and push signature)
 * @param encodingAesKey the 43-character safe-mode key
 */
@ConfigurationProperties("peer.account")
public record PeerAccountProperties(String name, String appId, String token, String encodingAesKey) {

}
