package io.relayq.core.api;

import java.util.List;

/** Every token, revoked ones too, oldest first. */
public record TokenList(List<TokenView> tokens) {}
