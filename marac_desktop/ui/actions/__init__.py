"""The actions tracker: agency actions from MARAC meetings, their status and history."""
