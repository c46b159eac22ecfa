"""The app's screens (one per file) and its dialogs."""
