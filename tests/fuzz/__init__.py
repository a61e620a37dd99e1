"""Property-based fuzzing of the HTTP surface (hypothesis)."""
