"""Rule logic, one module per family; each function is registered under its catalogue code."""
