"""Settings package: base (shared), local (embedded quick start), test, production."""
