"""resdraft: draft and check resolutions of intergovernmental assemblies."""

__version__ = "0.1.0"
