"""Pipeline stages, one module each; see :mod:`tidings.stages.base`."""
