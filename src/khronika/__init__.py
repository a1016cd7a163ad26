"""khronika: who said and did what to whom, from Russian-language political news."""
__version__ = "0.1.0"
