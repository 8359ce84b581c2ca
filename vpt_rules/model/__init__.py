"""The case file: the pydantic model, its value types, strict loading and the errors."""
