"""The rules: rule-file schema, loader and compiler, the durable_rules engine, derived facts, evaluation, outcome."""
