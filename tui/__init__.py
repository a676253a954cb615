"""newsexplorer."""
