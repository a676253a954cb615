"""newsexplorer: a keyboard-driven terminal explorer for a corpus of news articles (engine: .index, face: .tui)."""
