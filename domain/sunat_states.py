"""Where a document stands with SUNAT (`estado_sunat`)."""

PENDING = "pendiente"  # not final yet: waiting to be sent, or sent with no verdict
ACCEPTED = "aceptado"
OBSERVED = "observado"  # accepted with observations (CDR notes of code 4000 or more)
REJECTED = "rechazado"  # final: the number is used up

STATES = (PENDING, ACCEPTED, OBSERVED, REJECTED)
FINAL = (ACCEPTED, OBSERVED, REJECTED)
ACCEPTED_BY_SUNAT = (ACCEPTED, OBSERVED)
