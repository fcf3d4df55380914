"""The printed representation of a sales document (A4, 80 mm and 58 mm tickets, as PDF) and its public links.

Layers: above sunat/ (a printout carries the signature's hash and SUNAT's QR), below actions/.
`content.py` says what is printed, from the plain document; `a4.py` and `ticket.py` place it;
`canvas.py` and `fonts.py` draw it with reportlab; `service.py` finds, signs when needed and renders a
stored document; `links.py` makes its public addresses.
"""
