"""Use-cases: the only API the UI and the command line call. Roles are checked here."""
