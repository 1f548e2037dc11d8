"""`python -m resdraft`: the command line, with compiled regular expressions and dataclass methods kept
between runs."""

from resdraft import codecache, regexcache

# first, so that the command line's own imports are served from the caches too
regexcache.install()
codecache.install()

from resdraft.cli import main  # noqa: E402

main()
