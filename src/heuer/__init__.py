"""heuer: from news coverage to a sourced, calibrated assessment.

The public API is :class:`heuer.workspace.Workspace`; the CLI is a thin layer over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("heuer")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
