"""Field-work pages: the visitor's visit page and findings, evidence, and the staff review."""
