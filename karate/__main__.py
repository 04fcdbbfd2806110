"""`python -m karate` runs the command-line interface."""

from karate.cli import main

main()
