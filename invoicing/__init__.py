"""Sales documents: their kinds, numbering, exact totals and the amount in words."""
