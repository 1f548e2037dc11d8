"""One module per CLI command; each registers itself on `resdraft.app.app`."""
