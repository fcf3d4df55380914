"""SUNAT electronic invoicing: UBL 2.1, signature, packaging, SOAP, CDR and guaranteed delivery."""
