"""`python -m resdraft`: the command line, with compiled regular expressions kept between runs."""

from resdraft.regexcache import install

install()  # first, so that the patterns of the command line's own imports come from the cache too

from resdraft.cli import main  # noqa: E402

main()
