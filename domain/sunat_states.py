"""Where a document stands with SUNAT (`estado_sunat`)."""

NOT_QUEUED = "no_enviado"  # not sent and nobody asked to: fesunat-enviar (or the company's queue setting) sends it
PENDING = "pendiente"  # queued: waiting to be sent (sendBill or the day's resumen), or sent with no verdict
ACCEPTED = "aceptado"
OBSERVED = "observado"  # accepted with observations (CDR notes of code 4000 or more)
REJECTED = "rechazado"  # final: the number is used up
VOID_PENDING = "baja_pendiente"  # accepted, and its annulment (RA, or an RC line with estado 3) is with SUNAT
VOIDED = "anulado"  # SUNAT accepted the annulment

STATES = (NOT_QUEUED, PENDING, ACCEPTED, OBSERVED, REJECTED, VOID_PENDING, VOIDED)
FINAL = (ACCEPTED, OBSERVED, REJECTED)
ACCEPTED_BY_SUNAT = (ACCEPTED, OBSERVED)
# SUNAT has the document: only fesunat-anular (or a nota de crédito) ends it.
HELD_BY_SUNAT = (ACCEPTED, OBSERVED, VOID_PENDING, VOIDED)
