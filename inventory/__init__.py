"""Stock: kardex movements, stock levels and weighted-average cost."""
