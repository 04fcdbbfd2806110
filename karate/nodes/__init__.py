"""Built-in node types, by category: inputs, tools, outputs (models come from the catalog)."""
