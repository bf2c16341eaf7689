"""Model Registry bundles from Python."""
