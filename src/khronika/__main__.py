"""`python -m khronika`: the same as the `khronika` command."""
from khronika.cli import main

main()
