"""SUNAT's XML documents, one builder per UBL kind, sharing the fragments every kind is made of.

A builder takes the issuer and a plain document (invoicing/document.py) and returns the unsigned root
element; `BUILDERS` maps the kind's `ubl_document` to its builder, so a new SUNAT document kind is one
module and one line there.
"""
