"""The package's version: the one place it is written.

The build backend reads it (``[tool.hatch.version]`` in ``pyproject.toml``) for the wheel's metadata, and
the package exposes it as ``cdk_sagemaker_tuning.__version__``. Semantic versioning: see CHANGELOG.md.
"""

__version__ = "0.1.0"
