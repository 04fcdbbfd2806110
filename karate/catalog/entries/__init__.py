"""Catalog entries, one module per family of models."""
