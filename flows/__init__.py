"""The `shenbao` command line and the Prefect flows that wire the stages. No business logic."""
