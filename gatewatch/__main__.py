from gatewatch.cli import cli

cli(prog_name="gatewatch")
