"""HTTP side of the gateway: the endpoint, body decoding, Key auth, answers, logs and OpenAPI."""
