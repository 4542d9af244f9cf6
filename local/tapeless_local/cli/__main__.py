from tapeless_local.cli import app

app()
