"""`python -m newsexplorer`: the same as the `newsexplorer` command."""
from newsexplorer.tui.cli import main

main(prog_name="newsexplorer")
