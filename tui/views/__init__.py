"""The three views of the main screen: search, reader, issue checklist."""
